/**
 * Change-feed positions (`seq`) the search index has confirmed, kept as ranges. Every write gives
 * its record a new seq, so "this record is pending" is "its seq lies in no confirmed range": the
 * pending state is written by the record's own single-document write, and confirming it writes
 * only a small range document, never the record again (docs/store.md, the outbox).
 */
export interface SeqRange {
  lo: number;
  hi: number;
  /** When the earliest of the confirmations merged into this range was made. */
  at: Date;
}

/** Seqs strictly between `after` and `before` (no `before`: everything after). */
export interface SeqGap {
  after: number;
  before?: number;
}

/** Sorted, with overlapping and touching ranges joined; `at` is the earliest of the joined. */
export function mergeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: SeqRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.lo <= last.hi + 1) {
      last.hi = Math.max(last.hi, range.hi);
      if (range.at < last.at) last.at = range.at;
    } else out.push({ ...range });
  }
  return out;
}

/** What the merged ranges leave uncovered, from seq 1 on (seqs start at 1). */
export function gapsOf(merged: readonly SeqRange[]): SeqGap[] {
  const gaps: SeqGap[] = [];
  let after = 0;
  for (const range of merged) {
    if (range.hi <= after) continue;
    if (range.lo > after + 1) gaps.push({ after, before: range.lo });
    after = Math.max(after, range.hi);
  }
  gaps.push({ after });
  return gaps;
}

/** Consecutive seqs as ranges: the seqs of one batch are usually one block, so one range. */
export function runsOf(seqs: readonly number[]): { lo: number; hi: number }[] {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const runs: { lo: number; hi: number }[] = [];
  for (const seq of sorted) {
    const last = runs[runs.length - 1];
    if (last && seq === last.hi + 1) last.hi = seq;
    else runs.push({ lo: seq, hi: seq });
  }
  return runs;
}

/** A MongoDB filter on `seq` for the gaps, after `from` (the last gap is open, so never empty). */
export function gapFilter(gaps: readonly SeqGap[], from: number): Record<string, unknown> {
  const clauses = gaps
    .filter((g) => g.before === undefined || g.before - 1 > from)
    .map((g) => {
      const seq: Record<string, number> = { $gt: Math.max(g.after, from) };
      if (g.before !== undefined) seq.$lt = g.before;
      return { seq };
    });
  return clauses.length === 1 ? (clauses[0] as Record<string, unknown>) : { $or: clauses };
}
