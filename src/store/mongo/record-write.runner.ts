import { mongo } from 'mongoose';
import type { PlannedWrite } from './record-write.plan';
import { CHANGES_COUNTER, type RecordDoc, type StoreModels } from './record.schema';

const DUPLICATE_KEY = 11000;

/**
 * Applies planned writes, each a conditional write of one whole document, and returns the ids
 * whose write found the document changed since it was read (a lost race). Each write is atomic
 * on its own; together they are not, which is why the plan checked every precondition first.
 * Writes go in the order of their stamps, so a reader of the change feed never sees a later
 * stamp before an earlier one of the same process.
 */
export async function applyWrites(
  models: StoreModels,
  writes: readonly PlannedWrite[],
): Promise<Set<string>> {
  const lost = new Set<string>();
  if (writes.length === 0) return lost;
  const first = await reserveSeqs(models, writes.length);
  let inserts: RecordDoc[] = [];
  for (const [i, write] of writes.entries()) {
    const doc = { ...write.doc, seq: first + i } as RecordDoc;
    if (write.expectedVersion === undefined) {
      inserts.push(doc);
      continue;
    }
    await insertInOrder(models, inserts, lost);
    inserts = [];
    const result = await models.records.replaceOne({ _id: write.id, version: write.expectedVersion }, doc);
    if (result.matchedCount === 0) lost.add(write.id);
  }
  await insertInOrder(models, inserts, lost);
  return lost;
}

/**
 * A block of `n` change-feed positions by one atomic $inc: the feed's order is the order in
 * which blocks were handed out, then the order within the batch. The very first upserts of two
 * processes can both try to insert the counter; the loser just goes again.
 */
export async function reserveSeqs(models: StoreModels, n: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const counter = await models.counters
        .findOneAndUpdate(
          { _id: CHANGES_COUNTER },
          { $inc: { seq: n } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
      if (!counter) throw new Error(`the ${CHANGES_COUNTER} counter did not come back from its upsert`);
      return counter.seq - n + 1;
    } catch (err) {
      if (attempt >= 3 || (err as { code?: unknown }).code !== DUPLICATE_KEY) throw err;
    }
  }
}

/**
 * Records that did not exist when read, inserted in order. A duplicate key stops the run: that
 * id was created by someone faster (or, on a server whose $inc is not atomic, its stamp was
 * taken); it and the ones after it, not attempted, are planned again with fresh stamps.
 */
async function insertInOrder(
  models: StoreModels,
  docs: readonly RecordDoc[],
  lost: Set<string>,
): Promise<void> {
  if (docs.length === 0) return;
  try {
    await models.records.insertMany(docs, { ordered: true, lean: true });
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
    const [first] = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (!first || first.code !== DUPLICATE_KEY) throw err;
    for (const doc of docs.slice(first.index)) lost.add(doc._id);
  }
}
