/**
 * A copy the library holds of a record: where it stands, under which call number, whether it can
 * be had. Plain data, the same for every backend (docs/items.md). Items belong to exactly one
 * record; a record without holdings fields has none.
 */
import type { TrappedHold } from '../circulation/hold';
import type { Loan } from '../circulation/loan';
import { isCirculationStatus, type ItemStatus } from './item-status';

export type ItemCallNumberScheme = 'lc' | 'dewey' | 'other';

export interface ItemCallNumber {
  /** The classification part as printed (`QA76.73.J38 F53 2020`), without prefix, volume or copy. */
  value: string;
  scheme: ItemCallNumberScheme;
  /** Shelved before the class number: `REF`, `OVERSIZE`, `J` (852 $k). */
  prefix?: string;
  /** Volume, part, issue: `v.2`, `2024 no.3` (852 $m suffix / 952 $h enumeration). */
  volume?: string;
  /** Copy number as given (`c.2`, `2`). */
  copy?: string;
  /**
   * Sorts bytewise in shelf order within one location: the scheme's shelf key (src/domain/shelf-key)
   * followed by the volume and copy keys, so `v.2` stands before `v.10`.
   */
  shelfKey: string;
}

/** Where an item belongs; written `LIBRARY/LOCATION` (`MAIN/STACKS`), compared case-insensitively. */
export interface ItemLocation {
  /** Library (branch) code, upper case: `MAIN`. */
  library: string;
  /** Shelving location code, upper case: `STACKS`, `REFERENCE`, `PERIODICALS`, `BOOKMOBILE`. */
  shelf: string;
}

export interface StatusChange {
  /** Absent on the item's first status. */
  from?: ItemStatus;
  to: ItemStatus;
  /** ISO 8601 instant. */
  at: string;
  /** The API key id (or `ingest`, `import`, `circulation`) that made the change; never a person's data. */
  by?: string;
  reason?: string;
}

/** Where an item's data came from, so a re-load knows which items are its own to update. */
export type ItemSource = 'api' | '852' | '952' | '949' | 'mfhd' | 'import';

export interface Item {
  /** As given, trimmed; unique compared case-insensitively (`barcodeKey`). */
  barcode: string;
  /** The record the item is a copy of. */
  recordId: string;
  /** The holding the item came with (an 852 or an MFHD record), when it came with one. */
  holdingId?: string;
  location: ItemLocation;
  callNumber?: ItemCallNumber;
  /** Item type code, lower case: `book`, `dvd`, `map`, `reference-only`, … */
  itemType: string;
  status: ItemStatus;
  /** Flagged not for loan in the holdings (952 $7, 876 $j …), whatever the item type says. */
  notForLoan: boolean;
  publicNotes: string[];
  /** Staff only: never in a public response. */
  staffNotes: string[];
  source: ItemSource;
  /** 1 when created, +1 on every change (If-Match). */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Every status change, oldest first; the first entry is the status the item was created with. */
  history: StatusChange[];
  /**
   * The open loan, while `checked-out` (or `lost` on loan): written only by circulation, in the same
   * compare-and-set as the status, so the item and its loan never disagree (docs/circulation.md).
   * Staff-only where it names a patron: public responses say only that the item is on loan and until when.
   */
  loan?: Loan;
  /** The hold the item is trapped for, while `in-transit` to or `on-hold-shelf` at its pickup library. */
  trappedHold?: TrappedHold;
}

/**
 * A holding: a location and call number for a record, from an 852 (in the bibliographic record or
 * an MFHD record), with or without items. An 852 without a barcode is a holding without items.
 */
export interface Holding {
  /** Stable: `<recordId>#852-<n>` for an embedded 852, `mfhd:<001>` for a holdings record. */
  id: string;
  /** The bibliographic record; absent while an MFHD's bib (its 004) is not in the catalog yet. */
  recordId?: string;
  /** An MFHD's 004 (with 014 as fallback): the bib's control number it links to. */
  linksTo?: string;
  location: ItemLocation;
  callNumber?: ItemCallNumber;
  publicNotes: string[];
  staffNotes: string[];
  source: ItemSource;
  updatedAt: string;
  /**
   * The items an MFHD brought, kept with its holding while it waits for its bibliographic record
   * (no `recordId` yet; theirs is `''`); loaded, and dropped from here, when the record arrives.
   */
  waitingItems?: NewItem[];
}

/** An item as a load or an API create gives it: what the store adds (version, times, history) left out. */
export type NewItem = Omit<
  Item,
  'version' | 'createdAt' | 'updatedAt' | 'history' | 'status' | 'loan' | 'trappedHold'
> & {
  /** `available` when absent. */
  status?: ItemStatus;
  /** The first history entry's reason (e.g. the withdrawal reason of an item loaded withdrawn). */
  statusReason?: string;
};

/** The key barcodes are unique and found by: trimmed, then case-folded. */
export function barcodeKey(barcode: string): string {
  return barcode.trim().toLowerCase();
}

/**
 * On loan: it holds an open loan (also `lost` on loan), or says checked-out (an item made so
 * before loans lived on items). Such an item is not withdrawn, nor its record deleted.
 */
export function isOnLoan(item: Pick<Item, 'status' | 'loan'>): boolean {
  return item.loan !== undefined || item.status === 'checked-out';
}

/**
 * Circulation holds it (on loan, trapped for a hold, or in a status only circulation sets): its
 * status is circulation's, and a load's status for it is not applied (docs/items.md, loads).
 */
export function isInCirculation(item: Pick<Item, 'status' | 'loan' | 'trappedHold'>): boolean {
  return item.loan !== undefined || item.trappedHold !== undefined || isCirculationStatus(item.status);
}

/** `MAIN/STACKS`: the written form of a location. */
export function locationCode(location: ItemLocation): string {
  return `${location.library}/${location.shelf}`;
}

/**
 * Reads `LIBRARY/LOCATION` in any case (`main/bookmobile` is `MAIN/BOOKMOBILE`); undefined when it
 * is not two non-empty codes of letters, digits, `-`, `_` or `.` separated by one `/`.
 */
export function parseLocation(text: string): ItemLocation | undefined {
  const match = /^\s*([A-Za-z0-9._-]+)\/([A-Za-z0-9._-]+)\s*$/.exec(text);
  if (!match) return undefined;
  return { library: match[1]!.toUpperCase(), shelf: match[2]!.toUpperCase() };
}
