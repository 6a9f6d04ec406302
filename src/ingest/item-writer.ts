import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import type { AvailabilitySummary } from '../domain/items/availability';
import { isOnLoan, type Item, type ItemSource } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';
import type { HoldingsExtract } from '../mapping/holdings/extract-holdings';
import type { ItemStore } from '../items/port';
import type { RecordStore } from '../store/port';
import { RECORD_DELETED } from '../items/record-deletion';
import type { InputBarcodes } from './input-barcodes';
import { linkHoldingsRecords, linkWaitingHoldings } from './holdings-linker';
import { count, duplicateMessage, ItemLoad, note, warn } from './item-load';
import { loadedSummaries, recordsWithoutItems } from './loaded-availability';
import type { StagedHoldingsRecord, StagedRecord } from './staged-record';

/** What a batch brings for the item store besides its records' own holdings fields. */
export interface ItemsOfBatch {
  holdingsRecords: readonly StagedHoldingsRecord[];
  /** The input's barcodes so far: a duplicate is reported and not loaded. */
  barcodes: InputBarcodes;
  /** `--sync-items`: withdraw a loaded record's items its fields no longer list. */
  syncItems: boolean;
  /**
   * With `syncItems`: only items of these sources are the load's to withdraw (a remap of the stored
   * MARC judges only what MARC gave); absent, every item of the record is.
   */
  syncSources?: readonly ItemSource[];
}

/**
 * What the item step reads and writes: the item store in a write, or in a dry run a view over it
 * that keeps its writes in memory (dry-run-items.ts), so both run this same code.
 */
export type ItemWrites = Pick<
  ItemStore,
  'getMany' | 'forRecords' | 'load' | 'withdrawOthers' | 'putHoldings' | 'unlinkedHoldings'
>;

/** Where the item step finds records and items: a holdings record's bib by its control number. */
export interface ItemStep {
  items: ItemWrites;
  records: Pick<RecordStore, 'findIds'>;
}

/** Who the item history says made a load's changes. */
export const INGEST_ACTOR = 'ingest';
export const NOT_IN_LOAD = 'not in load';

/**
 * The item half of a batch, inside its unit of work, after its records are written: the holdings
 * and items of every record written (new barcodes created, known ones updated or moved, matched
 * by barcode), the MFHDs of the batch and those that waited for one of its records, `--sync-items`
 * withdrawals, the items of deleted records withdrawn; then the availability of every record whose
 * items changed, but for those the batch's index step sends next (`indexedAfter`: the index reads
 * their items as it takes them). What happened is said on each record's report line.
 *
 * Returns the availability of those of `indexedAfter` that had no items before: what this load
 * wrote is all they have, so the index step can take their summaries instead of reading them back.
 */
export async function writeItems(
  batch: readonly StagedRecord[],
  backends: Backends,
  plan: ItemsOfBatch,
  indexedAfter: ReadonlySet<string> = new Set(),
): Promise<Map<string, AvailabilitySummary>> {
  // Asked before the load: after it, these records' items are exactly those it wrote.
  const fresh = await recordsWithoutItems(backends.items, indexedAfter);
  const load = await applyItems(batch, { items: backends.items, records: backends.store }, plan);
  const refresh = [...load.touched].filter((id) => !indexedAfter.has(id));
  if (refresh.length > 0) await refreshAvailability(backends, refresh);
  return loadedSummaries(fresh, load.outcomes, load.withdrawnFrom);
}

/**
 * The item step without the availability refresh: what a write does to the items, or, given a
 * dry run's view of them, what it would do. Says so on the records' report lines.
 */
export async function applyItems(
  batch: readonly StagedRecord[],
  { items: store, records }: ItemStep,
  plan: ItemsOfBatch,
): Promise<ItemLoad> {
  const load = new ItemLoad(new Date().toISOString());
  const written = batch.filter((p) => p.decided && isWritten(p.decided.outcome));
  for (const p of written) addRecord(p, load, plan.barcodes);
  await linkWaitingHoldings(written, store, load);
  await linkHoldingsRecords(plan.holdingsRecords, records, load, plan.barcodes);
  if (load.holdings.length > 0 || load.replacing.length > 0)
    await store.putHoldings(load.holdings, load.replacing);
  if (load.items.length > 0) await loadItems(store, load);
  if (plan.syncItems) await withdrawNotLoaded(store, written, load, plan.syncSources);
  await withdrawDeleted(store, batch, load);
  return load;
}

function isWritten(outcome: string): boolean {
  return outcome === 'created' || outcome === 'updated' || outcome === 'unchanged';
}

/** A written record's own holdings fields: its 852s replace those of its last load. */
function addRecord(p: StagedRecord, load: ItemLoad, barcodes: InputBarcodes): void {
  const id = p.document.id;
  const extract = p.holdings && named(p.holdings, id);
  // A record changed to have no 852 no longer has those holdings; a new one never had any, and an
  // unchanged one has what its last load gave it.
  if ((!extract || extract.holdings.length === 0) && p.decided?.outcome === 'updated')
    load.replacing.push({ recordId: id, source: '852' });
  if (!extract) return;
  for (const h of extract.holdings) load.holdings.push({ ...h, updatedAt: load.at });
  for (const item of extract.items) {
    const earlier = barcodes.claim(item.barcode, { record: p.line.record, id });
    if (earlier) warn(p.line, duplicateMessage(item.barcode, earlier, p.line.record));
    else load.add(item, p.line);
  }
}

/** Extracted under the mapped id; matching may have given the record another: the items follow it. */
function named(extract: HoldingsExtract, id: string): HoldingsExtract {
  const before = extract.items[0]?.recordId ?? extract.holdings[0]?.recordId;
  if (before === undefined || before === id) return extract;
  const rename = (holdingId: string) =>
    holdingId.startsWith(`${before}#`) ? id + holdingId.slice(before.length) : holdingId;
  return {
    holdings: extract.holdings.map((h) => ({ ...h, id: rename(h.id), recordId: id })),
    items: extract.items.map((i) => ({
      ...i,
      recordId: id,
      ...(i.holdingId !== undefined && { holdingId: rename(i.holdingId) }),
    })),
    problems: extract.problems,
  };
}

async function loadItems(store: ItemWrites, load: ItemLoad): Promise<void> {
  const outcomes = await store.load(load.items, load.at, INGEST_ACTOR);
  load.outcomes.push(...outcomes);
  outcomes.forEach((o, i) => {
    const line = load.lines[i]!;
    count(line, o.outcome);
    if (o.outcome !== 'unchanged') load.touched.add(o.item.recordId);
    if (o.statusNotApplied !== undefined)
      warn(line, statusNotAppliedMessage(o.barcode, o.item, o.statusNotApplied));
    if (o.outcome !== 'moved') return;
    load.touched.add(o.fromRecordId);
    note(line, `item_moved: barcode ${JSON.stringify(o.barcode)} moved here from record ${o.fromRecordId}`);
  });
}

/**
 * A load's status for an item circulation holds is not applied (the store keeps circulation's):
 * said on the record's line, since the old system and this one disagree about the copy.
 */
export function statusNotAppliedMessage(barcode: string, item: Item, given: ItemStatus): string {
  const why = item.loan ? 'on loan' : item.trappedHold ? 'trapped for a hold' : item.status;
  return `item_in_circulation: barcode ${JSON.stringify(barcode)} is ${why} (${item.status}): the load's status ${given} is not applied`;
}

/**
 * `--sync-items`: a written record's items this load did not list are withdrawn ("not in load"),
 * never deleted; one on loan stays (circulation has it) and is reported.
 */
async function withdrawNotLoaded(
  store: ItemWrites,
  written: readonly StagedRecord[],
  load: ItemLoad,
  sources?: readonly ItemSource[],
): Promise<void> {
  if (written.length === 0) return;
  const keep = new Set(load.items.map((i) => i.barcode));
  const lineOf = new Map(written.map((p) => [p.document.id, p.line]));
  for (const [recordId, items] of await store.forRecords([...lineOf.keys()]))
    for (const item of items)
      if (sources && !sources.includes(item.source)) keep.add(item.barcode);
      else if (isOnLoan(item) && !keep.has(item.barcode)) {
        keep.add(item.barcode);
        warn(
          lineOf.get(recordId)!,
          `item_checked_out: barcode ${JSON.stringify(item.barcode)} is not in this load but checked out: not withdrawn`,
        );
      }
  const withdrawn = await store.withdrawOthers(
    [...lineOf.keys()],
    [...keep],
    NOT_IN_LOAD,
    load.at,
    INGEST_ACTOR,
  );
  for (const item of withdrawn) {
    load.touched.add(item.recordId);
    load.withdrawnFrom.add(item.recordId);
    const line = lineOf.get(item.recordId);
    if (!line) continue;
    count(line, 'withdrawn');
    note(line, `item_withdrawn: barcode ${JSON.stringify(item.barcode)} (${NOT_IN_LOAD})`);
  }
}

/** A deleted record's items are withdrawn (refused earlier, before the delete, if one was checked out). */
async function withdrawDeleted(
  store: ItemWrites,
  batch: readonly StagedRecord[],
  load: ItemLoad,
): Promise<void> {
  const deleted = batch.filter((p) => p.decided?.outcome === 'deleted');
  if (deleted.length === 0) return;
  const lineOf = new Map(deleted.map((p) => [p.document.id, p.line]));
  const withdrawn = await store.withdrawOthers([...lineOf.keys()], [], RECORD_DELETED, load.at, INGEST_ACTOR);
  for (const item of withdrawn) {
    load.touched.add(item.recordId);
    load.withdrawnFrom.add(item.recordId);
    const line = lineOf.get(item.recordId);
    if (!line) continue;
    count(line, 'withdrawn');
    note(line, `item_withdrawn: barcode ${JSON.stringify(item.barcode)} (${RECORD_DELETED})`);
  }
}
