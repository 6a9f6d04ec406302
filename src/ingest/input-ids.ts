import { clippedId } from '../domain/record-id';
import { decide, type StagedRecord } from './staged-record';

/**
 * The ids the records of one input have landed on so far, and which record took each first.
 *
 * One input holding two records with the same id (a vendor file with a record twice, months of
 * updates concatenated) cannot say which of them is meant. Writing both in turn would leave the
 * last, but every re-run would then write the first over it and the last over that again: two
 * new versions per run where a clean re-run makes none. So the first record with an id is the
 * one the input stores, and every later one is rejected, naming the first (docs/ingest.md, "Duplicate
 * ids"): re-runs stay unchanged, and the later records go to the rejects file with their reason,
 * to be looked at and loaded on their own.
 *
 * Memory grows with the input (an id and a number per record, about 60 bytes: 61 MB for a million
 * `(OCoLC)…` ids): the price of telling a duplicate from a record the catalog had before this run.
 */
export class InputIds {
  private readonly first = new Map<string, number>();

  /**
   * Rejects `p` when an earlier record of the input landed on its id; true if it did. Checked
   * on the record's own id before matching and again on the id a `--match` overlay gave it.
   */
  rejectDuplicate(p: StagedRecord): boolean {
    const earlier = this.first.get(p.document.id);
    if (earlier === undefined || earlier === p.line.record) return false;
    const matched = p.matchedBy === undefined ? '' : ` (this one ${p.matchedBy})`;
    const id = JSON.stringify(clippedId(p.document.id));
    decide(
      p,
      'rejected',
      `duplicate_id_in_input: record ${earlier} of this input has the id ${id} already${matched}; the first is kept`,
    );
    return true;
  }

  /** The record's id is taken from here on, unless it was rejected (it stores nothing). */
  claim(p: StagedRecord): void {
    if (p.decided?.outcome === 'rejected' || this.first.has(p.document.id)) return;
    this.first.set(p.document.id, p.line.record);
  }
}
