import type { NewPatron, Patron, PatronFields } from '../domain/patrons/patron';

/**
 * The patron store: registered borrowers, personal data (docs/circulation.md, privacy). Adapters:
 * sqlite/ (embedded default, in the catalog's file), mongo/. Domain types only. Every write is a
 * single-document compare-and-set on `version` (of concurrent writes from one version exactly one
 * succeeds; the others get `version_conflict` with the current patron in `details.current`, never
 * its personal fields in the message). Rules (who may borrow, limits) live in services above.
 *
 * Barcodes are found and kept unique by `patronBarcodeKey` (trimmed, case-folded).
 */
export interface PatronStore {
  /**
   * Registers a patron at version 1 with no loans; `patron_barcode_taken` (details: the holder's
   * `id`, no personal data) when the barcode is taken in any case, or the given `id` is.
   */
  create(patron: NewPatron, at: string): Promise<Patron>;
  /** By card barcode, any case; never an anonymised patron. */
  get(barcode: string): Promise<Patron | undefined>;
  /** By id, anonymised or not. */
  getById(id: string): Promise<Patron | undefined>;
  /** The known ones among these ids, each once, in the order asked. */
  getManyById(ids: readonly string[]): Promise<Patron[]>;
  /** Staff search, ordered by name key then id, paged by an opaque cursor (`invalid_parameter` for one not ours). */
  find(query: PatronQuery): Promise<PatronPage>;
  /**
   * Applies `fields` if the patron is still at `ifVersion`: version + 1. Undefined when the id is
   * unknown; `version_conflict` when it moved on; `patron_barcode_taken` for a barcode another holds;
   * `patron_anonymised` for an anonymised patron.
   */
  update(id: string, fields: PatronFields, ifVersion: number, at: string): Promise<Patron | undefined>;
  /**
   * Reserves a place for `loanId` in `openLoans` if the patron is still at `ifVersion` (the caller
   * checked the limit on that version: a compare-and-set, so of five concurrent check-outs at
   * limit − 1 exactly one gets the place), and counts it in `loanCount`. Idempotent: a loan already
   * there returns the patron unchanged. Undefined when unknown; `version_conflict` when it moved on.
   */
  addLoan(id: string, loanId: string, ifVersion: number, at: string): Promise<Patron | undefined>;
  /**
   * Lets go of `loanId` (returned, or a check-out that did not happen: then `uncount` takes it back
   * out of `loanCount`), whatever the version. Idempotent: a loan not there changes nothing.
   */
  removeLoan(
    id: string,
    loanId: string,
    at: string,
    options?: { uncount?: boolean },
  ): Promise<Patron | undefined>;
  /**
   * Removes every personal field (barcode, name, email, phone, address, notes, block, home library
   * kept for statistics) and sets `anonymisedAt`; keeps `id`, `patronType`, `loanCount`. Idempotent.
   * `patron_has_loans` while `openLoans` is not empty.
   */
  anonymise(id: string, at: string): Promise<Patron | undefined>;
  /** Patrons not anonymised. */
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface PatronQuery {
  /** Exact card barcode, any case. */
  barcode?: string;
  /** Names starting with this (patronNameKey: case and diacritics ignored). */
  namePrefix?: string;
  /** Exact email, case-insensitive. */
  email?: string;
  /** Include anonymised patrons (staff statistics); never found by name or email. */
  includeAnonymised?: boolean;
  limit: number;
  after?: string;
}

export interface PatronPage {
  patrons: Patron[];
  next?: string;
}
