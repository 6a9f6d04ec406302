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
 * catch-up loop, which indexes the records with their summaries. Records pending already are left
 * to whoever sends them (the index step of the ingest batch that just stored them, or the
 * catch-up), which reads their items then. The others are sent whole, as the store has them now
 * (the index decorator attaches the summaries), and confirmed at the versions sent. Whole
 * documents, not `setAvailability`: only a confirmed record is known to be in the index as stored.
 */
async function refreshThroughOutbox(backends: Backends, ids: string[], outbox: IndexOutbox): Promise<void> {
  const { store, index } = backends;
  const marked = await store.markPending(ids);
  if (marked.length === 0) return;
  const live = await store.getMany(marked);
  if (live.length === 0) return;
  const attempt = await attemptIndexWrite(outbox, () => index.upsert(live.map((r) => r.document)));
  if (!attempt.sent && !attempt.error) return;
  const refused = attempt.sent ? new Set<string>() : refusedIds(attempt.error!);
  if (!refused) return;
  await store.markIndexed(
    live.filter((r) => !refused.has(r.id)).map((r) => ({ id: r.id, version: r.version })),
  );
}
