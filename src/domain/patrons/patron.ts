/**
 * A patron: a person (or institution) registered to borrow. Personal data (docs/circulation.md,
 * privacy): staff-only, never logged, never in a public response, the search index, metrics or an
 * error's message or details. Loans and holds refer to a patron by `id`, never by card barcode, so
 * a replaced card or an anonymised patron leaves no personal data behind in them.
 */
export interface Patron {
  /** Stable and opaque (a UUID); loans, holds and events carry this, not the barcode. */
  id: string;
  /** The library card's barcode, as given and trimmed; unique compared case-insensitively. `''` once anonymised. */
  barcode: string;
  /** As written at registration (`Doe, Jane`). `''` once anonymised. */
  name: string;
  email?: string;
  phone?: string;
  address?: string;
  /** Lower case: `adult`, `child`, `staff`, …: the loan rules' patron types. */
  patronType: string;
  /** Library code, upper case: `MAIN`. */
  homeLibrary?: string;
  /** The last day the card is valid, `YYYY-MM-DD`. */
  expiry: string;
  notes?: string;
  /** Present while blocked: no check-out, renewal or hold until unblocked. */
  block?: PatronBlock;
  /** The patron opted in to keep their loan history; otherwise a returned loan is unlinked from them. */
  keepHistory: boolean;
  /**
   * Ids of the loans this patron has now. The item holds each loan (`Item.loan`); this list is what
   * the loan limit counts, reserved before the item is taken and released after it comes back.
   */
  openLoans: string[];
  /** Loans ever made, kept by anonymisation for statistics. */
  loanCount: number;
  /** Set when anonymised: every personal field is gone and the patron cannot borrow again. */
  anonymisedAt?: string;
  /** 1 when created, +1 on every change (compare-and-set). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PatronBlock {
  reason: string;
  /** ISO 8601 instant. */
  at: string;
  /** The API key id that blocked; never a person's data. */
  by?: string;
}

/** What registration gives; the store adds the rest. */
export type NewPatron = Pick<Patron, 'barcode' | 'name' | 'patronType' | 'expiry'> &
  Partial<Pick<Patron, 'email' | 'phone' | 'address' | 'homeLibrary' | 'notes' | 'keepHistory'>> & {
    /** Given by a migration (`stacks patrons import`) to keep ids stable; a new UUID otherwise. */
    id?: string;
  };

/** The fields an update may change (PATCH, renew expiry, block/unblock). `null` removes an optional field. */
export interface PatronFields {
  barcode?: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  patronType?: string;
  homeLibrary?: string | null;
  expiry?: string;
  notes?: string | null;
  block?: PatronBlock | null;
  keepHistory?: boolean;
}

/** The key patron barcodes are unique and found by: trimmed, then case-folded (as items'). */
export function patronBarcodeKey(barcode: string): string {
  return barcode.trim().toLowerCase();
}

/** The key names are found by prefix: trimmed, case-folded, diacritics removed, spaces collapsed. */
export function patronNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the card has expired on `today` (`YYYY-MM-DD`): valid through its expiry day. */
export function isExpired(patron: Pick<Patron, 'expiry'>, today: string): boolean {
  return patron.expiry < today;
}
