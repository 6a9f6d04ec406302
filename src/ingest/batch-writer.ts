import type { Backends } from '../backends/backends';
import { canonicalMarc } from '../store/content-hash';
import type { RecordStore } from '../store/port';
import { decide, type Pending } from './pending';

/**
 * Writes one batch as one unit of work: store and index change together or not at all, so a
 * process killed mid-batch leaves the catalog as it was after the previous batch, and running
 * the file again completes it (records already in are `unchanged`). Upserts and deletes are
 * applied in input order, in runs, so a record updated and then deleted in one batch ends deleted.
 */
export async function writeBatch(batch: Pending[], backends: Backends): Promise<void> {
  const live = batch.filter((p) => !p.decided);
  if (live.length === 0) return;
  await backends.atomically(async () => {
    for (const run of runs(live)) {
      if (run[0]!.document.deleted) await deleteRun(run, backends);
      else await upsertRun(run, backends);
    }
  });
}

async function upsertRun(run: Pending[], { store, index }: Backends): Promise<void> {
  const outcomes = await store.upsertMany(run.map((p) => ({ record: p.record, document: p.document })));
  const changed = [];
  for (let i = 0; i < run.length; i++) {
    const p = run[i]!;
    const o = outcomes[i]!;
    decide(p, o.outcome, p.matchedBy);
    if (o.outcome !== 'unchanged') changed.push(p.document);
  }
  if (changed.length > 0) await index.upsert(changed);
}

async function deleteRun(run: Pending[], { store, index }: Backends): Promise<void> {
  const outcomes = await store.deleteMany(run.map((p) => p.document.id));
  const gone: string[] = [];
  run.forEach((p, i) => {
    if (outcomes[i]!.outcome === 'deleted') {
      decide(p, 'deleted');
      gone.push(p.document.id);
    } else decide(p, 'skipped', 'delete of a record that is not in the catalog');
  });
  if (gone.length > 0) await index.remove(gone);
}

function runs(batch: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  for (const p of batch) {
    const last = out[out.length - 1];
    if (last && last[0]!.document.deleted === p.document.deleted) last.push(p);
    else out.push([p]);
  }
  return out;
}

/** What writeBatch would do, from the store's current state, writing nothing (`--dry-run`). */
export async function predictBatch(batch: Pending[], store: RecordStore): Promise<void> {
  const live = batch.filter((p) => !p.decided);
  const known = new Map(
    (await store.getMany(live.map((p) => p.document.id))).map((r) => [r.id, r.contentHash]),
  );
  for (const p of live) {
    const id = p.document.id;
    if (p.document.deleted) {
      if (known.get(id) !== undefined) decide(p, 'deleted');
      else decide(p, 'skipped', 'delete of a record that is not in the catalog');
      known.delete(id);
      continue;
    }
    const hash = p.contentHash ?? canonicalMarc(p.record).hash;
    const before = known.get(id);
    decide(p, before === undefined ? 'created' : before === hash ? 'unchanged' : 'updated', p.matchedBy);
    known.set(id, hash);
  }
}
