import { summarizeAvailability, type AvailabilitySummary } from '../domain/items/availability';
import { barcodeKey, type Item } from '../domain/items/item';
import type { ItemLoadOutcome, ItemStore } from '../items/port';

/** The summary of a record known to have no copies: the index then writes no availability. */
const NO_COPIES: AvailabilitySummary = { total: 0, available: 0, locations: [] };

/**
 * The records a batch's index step will send whose items the store does not hold yet, asked before
 * the batch's item load: after it, their items are exactly those the load wrote for them, so their
 * summaries need no read back (on a fresh catalog, every record of the batch).
 */
export async function recordsWithoutItems(
  store: ItemStore,
  recordIds: ReadonlySet<string>,
): Promise<Set<string>> {
  if (recordIds.size === 0) return new Set();
  const holding = await store.forRecords([...recordIds]);
  return new Set([...recordIds].filter((id) => !holding.has(id)));
}

/**
 * The availability of each of `fresh` after the load: from the items its outcomes wrote (the last
 * outcome of a barcode is its item now), `NO_COPIES` for a record it gave none. Records whose
 * items changed after the load (`changedLater`: withdrawals) are left out, for the index to read.
 */
export function loadedSummaries(
  fresh: ReadonlySet<string>,
  outcomes: readonly ItemLoadOutcome[],
  changedLater: ReadonlySet<string>,
): Map<string, AvailabilitySummary> {
  const byRecord = new Map<string, Item[]>();
  for (const item of currentItems(outcomes)) {
    if (!fresh.has(item.recordId)) continue;
    const items = byRecord.get(item.recordId);
    if (items) items.push(item);
    else byRecord.set(item.recordId, [item]);
  }
  const out = new Map<string, AvailabilitySummary>();
  for (const id of fresh) {
    if (changedLater.has(id)) continue;
    const items = byRecord.get(id);
    out.set(id, items ? summarizeAvailability(items) : NO_COPIES);
  }
  return out;
}

/**
 * The item each barcode of the load ended as, in the order the barcodes first came. A barcode's
 * second row in one load finds the first one written, so it is never `created`: when every
 * outcome is (a fresh catalog's load), no barcode came twice and the outcomes' items are the
 * answer as they stand, without keying each barcode again.
 */
function currentItems(outcomes: readonly ItemLoadOutcome[]): Iterable<Item> {
  if (outcomes.every((o) => o.outcome === 'created')) return outcomes.map((o) => o.item);
  const now = new Map<string, Item>();
  for (const o of outcomes) now.set(barcodeKey(o.item.barcode), o.item);
  return now.values();
}
