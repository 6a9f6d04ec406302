import type { TrappedHold } from '../domain/circulation/hold';
import type { Loan } from '../domain/circulation/loan';
import type { Holding, Item, ItemLocation, ItemSource, NewItem, StatusChange } from '../domain/items/item';
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
  /** The known ones, each once, in the order first asked. */
  getMany(barcodes: readonly string[]): Promise<Item[]>;
  /** A record's items in shelf order (location, then shelf key, then barcode key). */
  forRecord(recordId: string): Promise<Item[]>;
  /** Items of many records at once (availability of a page of hits, DAIA): record id → items; records without items are absent. */
  forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>>;
  /**
   * Staff lists: filtered, in (location, shelf key, barcode) order, paged by an opaque cursor (one
   * the store did not make: `invalid_parameter`, details naming the `cursor`). Items without a call number file first.
   */
  list(query: ItemQuery): Promise<ItemPage>;
  /**
   * Items of one location around a shelf key, in shelf order: the nearest `before` items filed
   * before it, the first `after` at or after it. Items without a call number have no place on a shelf.
   */
  shelf(
    location: ItemLocation,
    shelfKey: string,
    options: { before: number; after: number },
  ): Promise<Item[]>;

  /**
   * Creates an item at version 1, its first history entry its initial status; `item_barcode_taken`
   * (details: the holder's `barcode` and `recordId`) when the barcode is taken in any case.
   */
  create(item: NewItem, at: string, by?: string): Promise<Item>;
  /**
   * Replaces an item's descriptive fields (not its barcode, status or history) if it is still at
   * `ifVersion`: version + 1. Undefined when the barcode is unknown; `version_conflict` when it moved on
   * (details: `barcode`, the current `version` and the current `item`, as with changeStatus).
   */
  update(barcode: string, fields: ItemFields, ifVersion: number, at: string): Promise<Item | undefined>;
  /**
   * Moves an item to `change.to` if it is still at `ifVersion` (a compare-and-set: of concurrent
   * changes from one version exactly one succeeds), appending `change` to its history with `from`
   * set to the status it left: version + 1. The store does not judge the move (services do).
   * Undefined when the barcode is unknown; `version_conflict` (with the current item) when it moved on.
   */
  changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined>;
  /**
   * Circulation's one write: moves the item to `change.to` (history as changeStatus) and sets or
   * clears its loan and trapped hold, in one compare-and-set on `ifVersion`: version + 1. In
   * `circulation`, a value sets, `null` clears, absent keeps. Undefined when the barcode is unknown;
   * `version_conflict` (with the current item) when it moved on. The store does not judge the move.
   */
  circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined>;
  /**
   * The item holding the open loan with this id (`loan.id`), or undefined when no item does (the
   * loan was returned, or never made). What renewing by loan id reads: the open loan lives on its item.
   */
  withLoan(loanId: string): Promise<Item | undefined>;
  /** The items on loan to a patron (`loan.patronId`), soonest due first, then barcode key. */
  onLoanTo(patronId: string): Promise<Item[]>;
  /**
   * Items on loan, soonest due first (then barcode key), filtered by the loan's library and a due
   * window, paged by an opaque cursor: overdue lists (`dueBefore` now) and notices (due soon). A
   * cursor the store did not make, or a bound that is not an instant: `invalid_parameter`, naming it.
   */
  loans(query: LoanQuery): Promise<ItemPage>;

  /**
   * Upserts items by barcode, in input order (loads: ingest, MFHD, `stacks items import`). A new
   * barcode is created; a known one takes the load's descriptive fields and record (moving it to
   * another record is reported as `moved`), keeping its status and history unless the load gives
   * a status that differs (then appended to the history with the load's reason). An item whose
   * fields, record and status all equal the load's is `unchanged` (same version). The same barcode
   * twice in one load applies twice, in order: the second sees the first (`updated` or `unchanged`).
   * Each outcome's `barcode` is the load's, trimmed; the item keeps the barcode it was created with.
   */
  load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]>;
  /**
   * Withdraws (reason given) every item of these records whose status is not `withdrawn` and whose
   * barcode is not in `keep` (any case); the withdrawn items in shelf order. Whether an item may go
   * (one checked out) is the caller's question, asked before; an item on loan (`isOnLoan`) is
   * never withdrawn all the same, as the item stands when written (a check-out may land between).
   */
  withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]>;

  /**
   * Replaces the holdings of one source for a record: the record's 852s from one load. Every holding
   * is upserted by id; then each (record, source) pair among `holdings` keeps only the given ones,
   * and so does each pair in `replacing` (a record whose load brought none of that source). MFHD
   * holdings, and those without a record (an MFHD waiting for its bib), are upserted by id only: a
   * record may have several holdings records, each loaded on its own.
   */
  putHoldings(holdings: readonly Holding[], replacing?: readonly HoldingsScope[]): Promise<void>;
  /** A record's holdings, in id order. */
  holdingsFor(recordId: string): Promise<Holding[]>;
  /** MFHD holdings waiting for their bibliographic record: those with no record whose `linksTo` is one of these, in id order. */
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

/** What `circulate` does to an item's loan and trapped hold: a value sets, `null` clears, absent keeps. */
export interface ItemCirculation {
  loan?: Loan | null;
  trappedHold?: TrappedHold | null;
}

export interface LoanQuery {
  /** The loan's library (`Loan.library`). */
  library?: string;
  /** ISO 8601 bounds on `loan.dueAt`, compared as instants: from inclusive, before exclusive. */
  dueFrom?: string;
  dueBefore?: string;
  limit: number;
  /** From a previous page's `next`. */
  after?: string;
}

/** One source of one record's holdings, replaced as a whole by putHoldings. */
export interface HoldingsScope {
  recordId: string;
  source: ItemSource;
}

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

export type ItemLoadOutcome = (
  | { barcode: string; outcome: 'created' | 'updated' | 'unchanged'; item: Item }
  | { barcode: string; outcome: 'moved'; item: Item; fromRecordId: string }
) & {
  /**
   * The status the load gave and the store did not apply: circulation holds the item (on loan,
   * trapped for a hold), so its status stays circulation's. The caller reports it.
   */
  statusNotApplied?: ItemStatus;
};
