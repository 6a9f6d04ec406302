import type { Holding, Item, ItemLocation, NewItem, StatusChange } from '../domain/items/item';
import type { ItemStatus } from '../domain/items/item-status';

/**
 * The item store: a record's copies and holdings, their statuses and status history. Adapters:
 * sqlite/ (embedded default, in the catalog's own file and transactions), mongo/ (scale-out).
 * Domain types only: no driver types. Rules (which status moves are allowed, who may see staff
 * notes) live in the services above; the store keeps what it is given, atomically per item.
 *
 * Barcodes are found and kept unique by `barcodeKey` (trimmed, case-folded): every method that
 * takes a barcode accepts it in any case.
 */
export interface ItemStore {
  get(barcode: string): Promise<Item | undefined>;
  getMany(barcodes: readonly string[]): Promise<Item[]>;
  /** A record's items in shelf order (location, then shelf key, then barcode). */
  forRecord(recordId: string): Promise<Item[]>;
  /** Items of many records at once (availability of a page of hits, DAIA): record id → items. */
  forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>>;
  /** Staff lists: filtered, in (location, shelf key, barcode) order, paged by an opaque cursor. */
  list(query: ItemQuery): Promise<ItemPage>;
  /** Items of one location around a shelf key: `before` items filed before it, `after` at or after it. */
  shelf(
    location: ItemLocation,
    shelfKey: string,
    options: { before: number; after: number },
  ): Promise<Item[]>;

  /** Creates an item at version 1, its first history entry its initial status; `item_barcode_taken` when the barcode is. */
  create(item: NewItem, at: string, by?: string): Promise<Item>;
  /**
   * Replaces an item's descriptive fields (not its barcode, status or history) if it is still at
   * `ifVersion`: version + 1. Undefined when the barcode is unknown; `version_conflict` when it moved on.
   */
  update(barcode: string, fields: ItemFields, ifVersion: number, at: string): Promise<Item | undefined>;
  /**
   * Moves an item to `change.to` if it is still at `ifVersion` (a compare-and-set: of concurrent
   * changes from one version exactly one succeeds), appending `change` to its history: version + 1.
   * Undefined when the barcode is unknown; `version_conflict` (with the current item) when it moved on.
   */
  changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined>;

  /**
   * Upserts items by barcode, in input order (loads: ingest, MFHD, `stacks items import`). A new
   * barcode is created; a known one takes the load's descriptive fields and record (moving it to
   * another record is reported as `moved`), keeping its status and history unless the load gives
   * a status that differs (then appended to the history with the load's reason).
   */
  load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]>;
  /** Withdraws (reason given) every item of these records whose status is not `withdrawn` and whose barcode is not in `keep`. */
  withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]>;

  /** Replaces the holdings of one source for a record (or an unlinked MFHD): the record's 852s from one load. */
  putHoldings(holdings: readonly Holding[]): Promise<void>;
  holdingsFor(recordId: string): Promise<Holding[]>;
  /** MFHD holdings waiting for their bibliographic record: those whose `linksTo` is one of these control numbers. */
  unlinkedHoldings(controlNumbers: readonly string[]): Promise<Holding[]>;

  /** How many items are in the store (`/ready`, stats). */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** The fields PATCH may change. */
export type ItemFields = Pick<
  Item,
  'location' | 'callNumber' | 'itemType' | 'notForLoan' | 'publicNotes' | 'staffNotes' | 'holdingId'
>;

export interface ItemQuery {
  location?: ItemLocation;
  /** Just the library: every location of it. */
  library?: string;
  statuses?: readonly ItemStatus[];
  itemType?: string;
  /** Within `location`: items at or after this shelf key. */
  shelfKeyFrom?: string;
  /** Within `location`: items before this shelf key. */
  shelfKeyTo?: string;
  limit: number;
  /** From a previous page's `next`. */
  after?: string;
}

export interface ItemPage {
  items: Item[];
  /** Pass back as `after`; absent on the last page. */
  next?: string;
}

export type ItemLoadOutcome =
  | { barcode: string; outcome: 'created' | 'updated' | 'unchanged'; item: Item }
  | { barcode: string; outcome: 'moved'; item: Item; fromRecordId: string };
