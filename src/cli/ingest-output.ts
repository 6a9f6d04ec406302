import { ITEM_OUTCOMES, OUTCOMES, type Outcome, type ReportLine } from '../ingest/ingest.types';
import { HOLDINGS_PROBLEM_CODES } from '../mapping/holdings/extract-holdings';
import { noRecordsMessage, type IngestSummary } from '../ingest/pipeline';
import { describeWarnings, totalWarnings } from '../ingest/warning-counts';
import { openSink, type Sink } from './output';

/**
 * What `stacks ingest` writes besides the catalog: the JSON-lines report (one line per record),
 * the rejects file (the bytes of every rejected record, to fix and load again), and the first
 * rejections on stderr so a cataloger sees trouble without opening the report.
 */
export class IngestOutput {
  private readonly report?: Sink;
  private readonly rejects?: Sink;
  private shown = 0;

  constructor(
    paths: { report?: string; rejects?: string },
    private readonly quiet: boolean,
    private readonly say: (line: string) => void,
  ) {
    if (paths.report) this.report = openSink(paths.report);
    if (paths.rejects) this.rejects = openSink(paths.rejects);
  }

  line(line: ReportLine, raw?: Uint8Array): void {
    this.report?.write(JSON.stringify(line) + '\n');
    const at = `${line.file}: record ${line.record} at byte ${line.byteOffset}`;
    // Holdings problems are the cataloger's to fix, like rejections; the reader's repairs are only counted.
    for (const warning of line.warnings ?? [])
      if (HOLDINGS_PROBLEM_CODES.includes(warning.slice(0, warning.indexOf(':'))))
        this.show(`${at}: ${warning}`);
    if (line.outcome !== 'rejected') return;
    if (raw) this.rejects?.write(raw);
    this.show(`${at}: rejected: ${line.reason ?? ''}`);
  }

  /** The first few dozen messages: a cataloger sees trouble without opening the report. */
  private show(message: string): void {
    if (!this.quiet && this.shown++ < 20) this.say(message);
  }

  async drain(): Promise<void> {
    await this.report?.drain();
    await this.rejects?.drain();
  }

  async close(): Promise<void> {
    await this.report?.close();
    await this.rejects?.close();
  }
}

/** The end-of-run table: one row per outcome, then the rate. */
export function summaryTable(summary: IngestSummary, dryRun: boolean): string {
  const width = Math.max(...OUTCOMES.map((o) => o.length));
  const rows = OUTCOMES.map(
    (o: Outcome) => `  ${o.padEnd(width)}  ${String(summary.counts[o]).padStart(10)}`,
  );
  const rate = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : summary.records;
  const head = dryRun ? 'dry run: nothing was written; this is what would happen' : 'ingest summary';
  return [
    head,
    ...rows,
    `  ${'total'.padEnd(width)}  ${String(summary.records).padStart(10)}`,
    ...itemRow(summary, width),
    ...warningRow(summary, width),
    `  ${summary.seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} records/s`,
    ...indexWarning(summary),
    ...summary.withoutRecords.map(
      (input) =>
        `warning: ${noRecordsMessage({ ...input, file: input.file === '-' ? 'standard input' : input.file })}`,
    ),
    '',
  ].join('\n');
}

/** Items are not records: one row, the count of each outcome (in a dry run, what would happen to them). */
function itemRow(summary: IngestSummary, width: number): string[] {
  const total = ITEM_OUTCOMES.reduce((n, o) => n + summary.items[o], 0);
  if (total === 0) return [];
  const each = ITEM_OUTCOMES.filter((o) => summary.items[o] > 0).map(
    (o) => `${summary.items[o].toLocaleString('en-US')} ${o}`,
  );
  return [`  ${'items'.padEnd(width)}  ${String(total).padStart(10)}  (${each.join(', ')})`];
}

/** Repairs are not outcomes (they do not add up to the total): one row, with the count of each code. */
function warningRow(summary: IngestSummary, width: number): string[] {
  const total = totalWarnings(summary.warnings);
  if (total === 0) return [];
  return [
    `  ${'warnings'.padEnd(width)}  ${String(total).padStart(10)}  (${describeWarnings(summary.warnings)})`,
  ];
}

/** Stored but not searchable yet is not a rejection: a warning, and what will finish the job. */
function indexWarning(summary: IngestSummary): string[] {
  if (summary.indexPending === 0) return [];
  const n = summary.indexPending.toLocaleString('en-US');
  return [
    `warning: ${n} record(s) are stored but wait for the search index${summary.indexProblem ? `: ${summary.indexProblem}` : ''}`,
    '  they are indexed by `stacks reindex --pending`, or by a running `stacks serve`, once the index answers',
  ];
}
