import type { CatalogDocument } from '../domain/catalog-document';
import type { MarcRecord } from '../marc/record';
import type { Outcome, ReportLine } from './ingest.types';

/** A record read and mapped, waiting in a batch for its outcome. */
export interface Pending {
  line: ReportLine;
  record: MarcRecord;
  document: CatalogDocument;
  /** The record's content hash when already known (made in the worker thread), for dry runs. */
  contentHash?: string;
  /** Set once decided before writing (rejected by matching, skipped); otherwise from the store. */
  decided?: { outcome: Outcome; reason?: string };
  /** Why the id changed, when matching overlaid it on an existing record. */
  matchedBy?: string;
  /** The incoming record's own id, when matching gave it another: kept as an alternate id. */
  ownId?: string;
}

/** One input record on its way to the report: mapped and waiting, or already rejected with its bytes. */
export type Entry = { pending: Pending } | { rejected: ReportLine; raw: Uint8Array };

export function decide(p: Pending, outcome: Outcome, reason?: string): void {
  p.decided = reason === undefined ? { outcome } : { outcome, reason };
}
