import { summarizeAvailability, type AvailabilitySummary } from '../domain/items/availability';
import { barcodeKey, type Item } from '../domain/items/item';
import type { ItemStore } from '../items/port';
import type { ItemLoad } from './item-load';

/** The summary of a record known to have no copies: the index then writes no availability. */
const NO_COPIES: AvailabilitySummary = { total: 0, available: 0, locations: [] };

/**
 * The records a batch's index step will send whose items the store does not hold yet, asked before
 * the batch's item load: after it, their items are exactly those the load wrote for them, so their
 * summaries need no read back (on a fresh catalog, every record of the batch).
 */
export async function recordsWithoutItems(
  store: Pick<ItemStore, 'forRecords'>,
  recordIds: ReadonlySet<string>,
): Promise<Set<string>> {
  if (recordIds.size === 0) return new Set();
  const holding = await store.forRecords([...recordIds]);
  return new Set([...recordIds].filter((id) => !holding.has(id)));
}

/**
 * The availability of each of `fresh` after the load, `NO_COPIES` for a record it gave none.
 * Records whose items changed after the load (withdrawals) are left out, for the index to read.
 * A record whose load created exactly the items it was extracted with, and touched no other, has
 * the summary the worker thread made of them (`ItemLoad.ahead`); the others are summarised from
 * the items the outcomes wrote (the last outcome of a barcode is its item now).
 */
export function loadedSummaries(
  fresh: ReadonlySet<string>,
  load: Pick<ItemLoad, 'outcomes' | 'withdrawnFrom' | 'ahead'>,
): Map<string, AvailabilitySummary> {
  const { created, spoiled } = createdPerRecord(load);
  const out = new Map<string, AvailabilitySummary>();
  const rest: string[] = [];
  for (const id of fresh) {
    if (load.withdrawnFrom.has(id)) continue;
    const ahead = load.ahead.get(id);
    const n = created.get(id);
    if (spoiled.has(id)) rest.push(id);
    else if (n === undefined) out.set(id, NO_COPIES);
    else if (n === ahead?.count) out.set(id, ahead.summary);
    else rest.push(id);
  }
  if (rest.length === 0) return out;
  const byRecord = itemsByRecord(load, new Set(rest));
  for (const id of rest) {
    const items = byRecord.get(id);
    out.set(id, items ? summarizeAvailability(items) : NO_COPIES);
  }
  return out;
}

/**
 * How many items the load created for each record, and the records some later outcome changed
 * (an item updated or left unchanged by a second row, or moved in or away): a record the load
 * created `count` items for and changed nothing else of has just the items it was extracted with.
 */
function createdPerRecord(load: Pick<ItemLoad, 'outcomes'>): {
  created: Map<string, number>;
  spoiled: Set<string>;
} {
  const created = new Map<string, number>();
  const spoiled = new Set<string>();
  for (const o of load.outcomes) {
    const id = o.item.recordId;
    if (o.outcome === 'created') created.set(id, (created.get(id) ?? 0) + 1);
    else {
      spoiled.add(id);
      if (o.outcome === 'moved') spoiled.add(o.fromRecordId);
    }
  }
  return { created, spoiled };
}

/** The items of `records` as the load left them. */
function itemsByRecord(load: Pick<ItemLoad, 'outcomes'>, records: ReadonlySet<string>): Map<string, Item[]> {
  const now = new Map<string, Item>();
  for (const o of load.outcomes) now.set(barcodeKey(o.item.barcode), o.item);
  const byRecord = new Map<string, Item[]>();
  for (const item of now.values()) {
    if (!records.has(item.recordId)) continue;
    const items = byRecord.get(item.recordId);
    if (items) items.push(item);
    else byRecord.set(item.recordId, [item]);
  }
  return byRecord;
}
