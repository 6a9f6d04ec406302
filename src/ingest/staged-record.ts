import type { CatalogDocument } from '../domain/catalog-document';
import type { HoldingsExtract } from '../mapping/holdings/extract-holdings';
import type { HoldingsRecordExtract } from '../mapping/holdings/holdings-extractor';
import type { MarcRecord } from '../marc/record';
import type { PreparedDocument } from '../search/port';
import type { RecordForms } from '../store/port';
import type { Outcome, ReportLine } from './ingest.types';

/**
 * What the worker thread made of exactly a staged record's record and document for the writers:
 * the store's forms and, when the index declares a preparer, the index's rows.
 */
export interface PreparedWrite {
  readonly forms: RecordForms;
  readonly index?: PreparedDocument;
}

/**
 * A record read and mapped, waiting in a batch for its outcome: staged, not "pending", a word kept
 * for records the search index has not taken yet (the outbox, docs/architecture.md).
 */
export interface StagedRecord {
  line: ReportLine;
  readonly record: MarcRecord;
  /** Readonly, and replaced only by `reviseDocument`, so `prepared` is never stale. */
  readonly document: Readonly<CatalogDocument>;
  /** Made from `record` and `document` ahead of time (docs/ingest.md); absent once the document is revised. */
  readonly prepared?: PreparedWrite;
  /**
   * Its holdings and items by the profile's holdings rules (made with the mapping, in the worker
   * thread), named for the mapped id; absent when it has none. Problems are already warnings.
   */
  readonly holdings?: HoldingsExtract;
  /** The record's content hash when already known (made in the worker thread), for dry runs. */
  contentHash?: string;
  /** Set once decided before writing (rejected by matching, skipped); otherwise from the store. */
  decided?: { outcome: Outcome; reason?: string };
  /** Why the id changed, when matching overlaid it on an existing record. */
  matchedBy?: string;
  /** The incoming record's own id, when matching gave it another: kept as an alternate id. */
  ownId?: string;
}

/**
 * A holdings record (MFHD, leader/06 u v x y) on its way: not a catalog record, it becomes the
 * holding and items of the bibliographic record its 004 names (docs/items.md).
 */
export interface StagedHoldingsRecord {
  line: ReportLine;
  readonly extract: HoldingsRecordExtract;
}

/** One input record on its way to the report: mapped and waiting, a holdings record, or already rejected with its bytes. */
export type Entry =
  | { staged: StagedRecord }
  | { holdingsRecord: StagedHoldingsRecord }
  | { rejected: ReportLine; raw: Uint8Array };

/** The report line an entry has so far. */
export function entryLine(entry: Entry): ReportLine {
  if ('staged' in entry) return entry.staged.line;
  return 'holdingsRecord' in entry ? entry.holdingsRecord.line : entry.rejected;
}

export function decide(p: StagedRecord, outcome: Outcome, reason?: string): void {
  p.decided = reason === undefined ? { outcome } : { outcome, reason };
}

/**
 * Gives the record another document (matching overlays it, keeps alternate ids). The forms made
 * from the old document go with it: the writers make fresh ones from the new one.
 */
export function reviseDocument(p: StagedRecord, document: Readonly<CatalogDocument>): void {
  const revisable = p as { document: Readonly<CatalogDocument>; prepared?: PreparedWrite };
  revisable.document = document;
  delete revisable.prepared;
}
