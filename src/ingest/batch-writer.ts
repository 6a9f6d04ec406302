import type { Backends } from '../backends/backends';
import { attemptIndexWrite, refusedIds, type IndexOutbox } from '../backends/index-outbox';
import type { AvailabilitySummary } from '../domain/items/availability';
import type { AppError } from '../errors/app-error';
import type { IndexedDocument, PreparedDocument, SearchIndex } from '../search/port';
import { documentForm } from '../store/record-forms';
import { canonicalMarc } from '../store/unchanged-hash';
import type { RecordStore } from '../store/port';
import type { ItemStore } from '../items/port';
import { checkedOutRefusals } from '../items/record-deletion';
import type { DryRun } from './dry-run';
import { InputBarcodes } from './input-barcodes';
import { writeItems, type ItemsOfBatch } from './item-writer';
import { decide, type StagedRecord } from './staged-record';

/** What a batch left undone: records stored but not (yet) in the index. */
export interface BatchWrite {
  indexPending: number;
}

/** The index half of a run the store has written: what to send, and which versions it confirms. */
interface IndexStep {
  documents: Readonly<IndexedDocument>[];
  /** The index's rows of each of `documents`, where the worker thread made them. */
  prepared: (PreparedDocument | undefined)[];
  /** Set for a run of deletes. */
  removed?: string[];
  written: { id: string; version: number }[];
}

const NOTHING_PENDING: BatchWrite = { indexPending: 0 };

/**
 * Writes one batch as one unit of work. On the embedded backends store and index change together
 * or not at all, so a process killed mid-batch leaves the catalog as it was after the previous
 * batch, and running the file again completes it (records already in are `unchanged`). The
 * records' items are written after the store and before the index, which reads them. On a
 * composed pair the store's writes leave their records pending; the index is written after, and
 * what it took is confirmed; when it is down or refuses, the batch still counts as written and the
 * rest waits in the store's outbox. Upserts and deletes are applied in input order, in runs, so a
 * record updated and then deleted in one batch ends deleted.
 */
export async function writeBatch(
  batch: StagedRecord[],
  backends: Backends,
  items: ItemsOfBatch = NO_ITEMS,
): Promise<BatchWrite> {
  if (!batch.some((p) => !p.decided) && items.holdingsRecords.length === 0) return NOTHING_PENDING;
  const outbox = backends.indexOutbox;
  if (outbox) return backends.atomically(() => writeThroughOutbox(batch, backends, outbox, items));
  await backends.atomically(async () => {
    const steps: IndexStep[] = [];
    for (const run of runs(await liveAfterRefusals(batch, backends.items)))
      steps.push(await storeRun(run, backends.store));
    const summaries = await writeItems(batch, backends, items, indexedBy(steps));
    for (const step of steps) await sendToIndex(withSummaries(step, summaries), backends.index);
  });
  return NOTHING_PENDING;
}

/**
 * The records the batch's index steps will send whole: the index reads their copies as it takes
 * them, so the items are written first and their availability needs no refresh of its own.
 */
function indexedBy(steps: readonly IndexStep[]): Set<string> {
  return new Set(steps.flatMap((s) => (s.removed ? [] : s.documents.map((d) => d.id))));
}

/**
 * The step's documents with the summaries the item load knew (records that had no items before
 * it): the index's availability decorator keeps a summary it is given and reads only the others.
 */
function withSummaries(step: IndexStep, summaries: ReadonlyMap<string, AvailabilitySummary>): IndexStep {
  if (step.removed || summaries.size === 0) return step;
  const documents = step.documents.map((doc) => {
    const availability = summaries.get(doc.id);
    return availability ? { ...doc, availability } : doc;
  });
  return { ...step, documents };
}

const NO_ITEMS: ItemsOfBatch = { holdingsRecords: [], barcodes: new InputBarcodes(), syncItems: false };

/**
 * The records still to write, once deletes of records with an item checked out are refused
 * (`item_checked_out`): read inside the unit of work, so a check-out cannot slip in between.
 */
async function liveAfterRefusals(
  batch: StagedRecord[],
  items: Pick<ItemStore, 'forRecords'>,
): Promise<StagedRecord[]> {
  const deletes = batch.filter((p) => !p.decided && p.document.deleted).map((p) => p.document.id);
  const refusals = await checkedOutRefusals(items, deletes);
  for (const p of batch)
    if (!p.decided && p.document.deleted) {
      const refusal = refusals.get(p.document.id);
      if (refusal) decide(p, 'rejected', `${refusal.code}: ${refusal.message}`);
    }
  return batch.filter((p) => !p.decided);
}

async function writeThroughOutbox(
  batch: StagedRecord[],
  backends: Backends,
  outbox: IndexOutbox,
  items: ItemsOfBatch,
): Promise<BatchWrite> {
  const { store, index } = backends;
  const steps: IndexStep[] = [];
  for (const run of runs(await liveAfterRefusals(batch, backends.items)))
    steps.push(await storeRun(run, store));
  const summaries = await writeItems(batch, backends, items, indexedBy(steps));
  const confirmed = await indexSteps(
    steps.map((s) => withSummaries(s, summaries)),
    index,
    outbox,
  );
  await store.markIndexed(confirmed);
  const done = new Set(confirmed);
  const waiting = steps.flatMap((s) => s.written).filter((w) => !done.has(w));
  return { indexPending: new Set(waiting.map((w) => w.id)).size };
}

/**
 * Sends the steps in order until the index is unreachable; a step whose documents it refused
 * goes on to the next (those records stay pending). Returns the versions the index now holds.
 */
async function indexSteps(
  steps: IndexStep[],
  index: SearchIndex,
  outbox: IndexOutbox,
): Promise<{ id: string; version: number }[]> {
  const confirmed: { id: string; version: number }[] = [];
  for (const step of steps) {
    if (step.written.length === 0) continue;
    const attempt = await attemptIndexWrite(outbox, () => sendToIndex(step, index));
    if (attempt.sent) {
      confirmed.push(...step.written);
      continue;
    }
    if (!attempt.error) break; // the index rests after a failure
    confirmed.push(...takenDespite(attempt.error, step));
    if (attempt.error.code === 'index_unavailable') break;
  }
  return confirmed;
}

/** When the engine names every document it refused, the others of the step were written. */
function takenDespite(error: AppError, step: IndexStep): { id: string; version: number }[] {
  const refused = refusedIds(error);
  return refused ? step.written.filter((w) => !refused.has(w.id)) : [];
}

async function storeRun(run: StagedRecord[], store: RecordStore): Promise<IndexStep> {
  return run[0]!.document.deleted ? storeDeletes(run, store) : storeUpserts(run, store);
}

async function storeUpserts(run: StagedRecord[], store: RecordStore): Promise<IndexStep> {
  const outcomes = await store.upsertMany(
    run.map((p) => ({ record: p.record, document: p.document, forms: p.prepared?.forms })),
  );
  const step: IndexStep = { documents: [], prepared: [], written: [] };
  for (let i = 0; i < run.length; i++) {
    const p = run[i]!;
    const o = outcomes[i]!;
    decide(p, o.outcome, p.matchedBy);
    if (o.outcome === 'unchanged') continue;
    step.documents.push(p.document);
    step.prepared.push(p.prepared?.index);
    step.written.push({ id: o.id, version: o.version });
  }
  return step;
}

async function storeDeletes(run: StagedRecord[], store: RecordStore): Promise<IndexStep> {
  const outcomes = await store.deleteMany(run.map((p) => p.document.id));
  const step: IndexStep = { documents: [], prepared: [], removed: [], written: [] };
  run.forEach((p, i) => {
    const o = outcomes[i]!;
    if (o.outcome !== 'deleted') return decide(p, 'skipped', 'delete of a record that is not in the catalog');
    decide(p, 'deleted');
    step.removed!.push(p.document.id);
    step.written.push({ id: o.id, version: o.version! });
  });
  return step;
}

async function sendToIndex(step: IndexStep, index: SearchIndex): Promise<void> {
  if (step.removed) {
    if (step.removed.length > 0) await index.remove(step.removed);
  } else if (step.documents.length > 0) await index.upsert(step.documents, step.prepared);
}

function runs(batch: StagedRecord[]): StagedRecord[][] {
  const out: StagedRecord[][] = [];
  for (const p of batch) {
    const last = out[out.length - 1];
    if (last && last[0]!.document.deleted === p.document.deleted) last.push(p);
    else out.push([p]);
  }
  return out;
}

/**
 * What writeBatch would do, from the store's current state, writing nothing (`--dry-run`). Given
 * the run's DryRun, the items too: deletes refused for an item checked out, then the item step on
 * the run's view of the item store (dry-run.ts).
 */
export async function predictBatch(
  batch: StagedRecord[],
  store: RecordStore,
  items?: { dryRun: DryRun; plan: ItemsOfBatch },
): Promise<void> {
  const live = items ? await liveAfterRefusals(batch, items.dryRun.items) : batch.filter((p) => !p.decided);
  // The store's `unchanged`: the same MARC and the same document (docs/store.md).
  const known = new Map(
    (await store.getMany(live.map((p) => p.document.id))).map((r) => [r.id, fingerprint(r)]),
  );
  for (const p of live) {
    const id = p.document.id;
    if (p.document.deleted) {
      if (known.get(id) !== undefined) decide(p, 'deleted');
      else decide(p, 'skipped', 'delete of a record that is not in the catalog');
      known.delete(id);
      continue;
    }
    const forms = p.prepared?.forms;
    const now = fingerprint({
      contentHash: p.contentHash ?? canonicalMarc(p.record).hash,
      documentHash: forms?.document.hash ?? documentForm(p.document).hash,
    });
    const before = known.get(id);
    decide(p, before === undefined ? 'created' : before === now ? 'unchanged' : 'updated', p.matchedBy);
    known.set(id, now);
  }
  if (items) await items.dryRun.predictItems(batch, items.plan);
}

function fingerprint(r: { contentHash: string; documentHash: string }): string {
  return `${r.contentHash} ${r.documentHash}`;
}
