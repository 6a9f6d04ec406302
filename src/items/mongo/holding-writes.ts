import type { Holding } from '../../domain/items/item';
import type { HoldingsScope } from '../port';
import { holdingDoc } from './item-doc.mapper';
import type { ItemModels } from './item.schema';

/**
 * putHoldings in three commands whatever the batch's size: the holdings upserted by id in one
 * bulk write, the scopes' current holdings read in one query, and those not given again deleted in
 * one. An ingest batch puts the holdings of hundreds of records; one command per record would be
 * hundreds of round trips on MongoDB, and on FerretDB as many scans of the collection.
 * Upserts go first: a crash before the delete leaves an extra holding until the next load puts the
 * record again, never a record without its holdings.
 */
export async function putHoldings(
  models: ItemModels,
  holdings: readonly Holding[],
  replacing: readonly HoldingsScope[],
): Promise<void> {
  if (holdings.length > 0) {
    await models.holdings.bulkWrite(
      holdings.map((h) => {
        const doc = holdingDoc(h);
        return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
      }),
      { ordered: true },
    );
  }
  const scopes = holdingScopes(holdings, replacing);
  if (scopes.length === 0) return;
  const given = new Set(holdings.map((h) => h.id));
  const replaced = new Set(scopes.map((s) => scopeName(s.recordId, s.source)));
  const current = await models.holdings
    .find({ recordId: { $in: [...new Set(scopes.map((s) => s.recordId))] } }, { recordId: 1, source: 1 })
    .lean();
  const gone = current
    .filter((h) => !given.has(h._id) && replaced.has(scopeName(h.recordId ?? '', h.source)))
    .map((h) => h._id);
  if (gone.length > 0) await models.holdings.deleteMany({ _id: { $in: gone } });
}

function scopeName(recordId: string, source: string): string {
  return JSON.stringify([recordId, source]);
}

/**
 * The (record, source) pairs a putHoldings replaces: those named, and each record's embedded
 * holdings of one source among those given. MFHD holdings, and holdings without a record, are
 * replaced by id only: a record may have several holdings records, each loaded on its own.
 */
function holdingScopes(holdings: readonly Holding[], replacing: readonly HoldingsScope[]): HoldingsScope[] {
  const scopes = new Map<string, HoldingsScope>();
  for (const s of replacing) scopes.set(scopeName(s.recordId, s.source), s);
  for (const h of holdings) {
    if (h.recordId === undefined || h.source === 'mfhd') continue;
    scopes.set(scopeName(h.recordId, h.source), { recordId: h.recordId, source: h.source });
  }
  return [...scopes.values()];
}
