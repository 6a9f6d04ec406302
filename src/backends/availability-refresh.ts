import type { Backends } from './backends';
import { availabilityEntries } from './availability-index';
import { attemptIndexWrite, refusedIds, type IndexOutbox } from './index-outbox';

/**
 * Makes the search index's availability of these records current after their items changed
 * (docs/items.md, availability). Call it inside the unit of work that changed the items
 * (`backends.atomically`): on the embedded default it re-indexes them in the same transaction; on
 * a composed pair it leaves them pending in the outbox first, so an index that is down loses nothing.
 */
export async function refreshAvailability(backends: Backends, recordIds: readonly string[]): Promise<void> {
  const ids = [...new Set(recordIds)];
  if (ids.length === 0) return;
  const outbox = backends.indexOutbox;
  if (!outbox) {
    // One transaction with the item write: only the availability part of each entry is rewritten.
    await backends.index.setAvailability(await availabilityEntries(backends.items, ids));
    return;
  }
  await refreshThroughOutbox(backends, ids, outbox);
}

/**
 * Pending first, in the store: a crash or an index that is down after this leaves the work to the
 * catch-up loop, which indexes the records with their summaries. Then the records are sent whole,
 * as the store has them now (the index decorator attaches the summaries), and confirmed at the
 * versions sent. Whole documents, not `setAvailability`: a record may also have been pending for a
 * document the index has not taken, and confirming it after a partial update would lose that.
 */
async function refreshThroughOutbox(backends: Backends, ids: string[], outbox: IndexOutbox): Promise<void> {
  const { store, index } = backends;
  await store.markPending(ids);
  const live = await store.getMany(ids);
  if (live.length === 0) return;
  const attempt = await attemptIndexWrite(outbox, () => index.upsert(live.map((r) => r.document)));
  if (!attempt.sent && !attempt.error) return;
  const refused = attempt.sent ? new Set<string>() : refusedIds(attempt.error!);
  if (!refused) return;
  await store.markIndexed(
    live.filter((r) => !refused.has(r.id)).map((r) => ({ id: r.id, version: r.version })),
  );
}
