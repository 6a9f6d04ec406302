import type { CharsetOption } from '../marc/charset/charset';
import type { MarcFormat } from '../marc/detect';

/** Identifiers `--match` can overlay on: 001 (control number), 035 (OCLC), ISBN, LCCN, ISSN. */
export type MatchKey = '001' | '035' | 'isbn' | 'lccn' | 'issn';
export const MATCH_KEYS: readonly MatchKey[] = ['001', '035', 'isbn', 'lccn', 'issn'];

export interface IngestOptions {
  format: MarcFormat | 'auto';
  charset: CharsetOption;
  /** Read, map and match, report what would happen, write nothing. */
  dryRun: boolean;
  /** Records per transaction. */
  batchSize: number;
  /** Besides the record id, match existing records on these, in order. */
  match: MatchKey[];
  /** What a matched record does: replace the existing one (keeping its id), or leave it alone. */
  onMatch: 'replace' | 'skip';
  /**
   * Withdraw (reason "not in load") the items of each loaded record that its holdings fields no
   * longer list; without it such items stay. Never deletes an item.
   */
  syncItems?: boolean;
  /**
   * `false` parses and maps on the calling thread. Otherwise a worker thread does it whenever it
   * can (a mapper compiled from a profile, a compiled build), and this thread only writes.
   */
  worker?: boolean;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  format: 'auto',
  charset: 'auto',
  dryRun: false,
  batchSize: 1000,
  match: [],
  onMatch: 'replace',
};

/** `holdings`: a holdings record (MFHD), kept as the holding and items of the record it links to. */
export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped' | 'rejected' | 'holdings';
export const OUTCOMES: readonly Outcome[] = [
  'created',
  'updated',
  'unchanged',
  'deleted',
  'skipped',
  'rejected',
  'holdings',
];

/** What a load did to an item: the item store's load outcomes, and withdrawn (`--sync-items`, deletes). */
export type ItemOutcome = 'created' | 'updated' | 'unchanged' | 'moved' | 'withdrawn';
export const ITEM_OUTCOMES: readonly ItemOutcome[] = [
  'created',
  'updated',
  'unchanged',
  'moved',
  'withdrawn',
];

/** One line of the report per input record (JSON lines). */
export interface ReportLine {
  /** 1-based position of the record in its file. */
  record: number;
  file: string;
  byteOffset: number;
  id?: string;
  controlNumber?: string;
  outcome: Outcome;
  reason?: string;
  /**
   * Repairs the reader made (charset assumed, lengths recovered, …) and problems in the holdings
   * fields (`holding_without_barcode: …`, `item_barcode_duplicate: …`), each `code: message`.
   */
  warnings?: string[];
  /** Items this record's holdings fields (or this holdings record) loaded, when it had any. */
  items?: number;
  /**
   * Its items by what the load did to them (only outcomes that happened): `{ created: 2, moved: 1 }`.
   * A dry run says what it would do. Moves and withdrawals are named in `notes`.
   */
  itemOutcomes?: Partial<Record<ItemOutcome, number>>;
  /** What happened to its items besides: `item_moved: …`, `holdings_linked: …`, withdrawals. */
  notes?: string[];
}
