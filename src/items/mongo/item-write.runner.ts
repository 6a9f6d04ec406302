import { mongo } from 'mongoose';
import type { PlannedItemWrite } from './item-load.plan';
import type { ItemDoc, ItemModels } from './item.schema';
import { isDuplicateKey } from '../../connections/mongo-kit/driver-errors';

/**
 * Writes a load's planned documents and returns the barcode keys whose write lost a race: an
 * insert whose `_id` another writer took first, or a replace whose document moved past the
 * version read. Each write is one atomic single-document write; the caller plans the losers'
 * inputs again on fresh reads, so a lost insert is retried as an update.
 */
export async function applyItemWrites(
  models: ItemModels,
  writes: readonly PlannedItemWrite[],
): Promise<Set<string>> {
  const lost = new Set<string>();
  const inserts = writes.filter((w) => w.expectedVersion === undefined).map((w) => w.doc);
  await insertInOrder(models, inserts, lost);
  for (const write of writes) {
    if (write.expectedVersion === undefined) continue;
    // One by one: FerretDB stops a multi-document update at its first error and reports it at
    // the wrong index (docs/store.md), and each result here must say exactly who lost.
    const result = await models.items.replaceOne(
      { _id: write.key, version: write.expectedVersion },
      write.doc,
    );
    if (result.matchedCount === 0) lost.add(write.key);
  }
  return lost;
}

/**
 * Ordered, as the record store inserts: a duplicate key stops the batch at a known place, and
 * that document and the ones after it (not attempted) are the losers, to be planned again.
 */
async function insertInOrder(models: ItemModels, docs: readonly ItemDoc[], lost: Set<string>): Promise<void> {
  if (docs.length === 0) return;
  try {
    await models.items.insertMany(docs, { ordered: true, lean: true });
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
    const [first] = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (!first || !isDuplicateKey(first)) throw err;
    for (const doc of docs.slice(first.index)) lost.add(doc._id);
  }
}
