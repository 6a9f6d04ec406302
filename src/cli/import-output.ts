import { openSink, type Sink } from './output';

const SHOWN_LINES = 50;

/** What every spreadsheet import's report line says: a row by number and barcode, its outcome. */
export interface ImportReportLine {
  row: number;
  barcode?: string;
  outcome: string;
  reason?: string;
}

/** What a line has to say on stderr, after `row N (barcode): `; undefined for nothing. */
export type ImportTrouble<L> = (line: L) => string | undefined;

/** Rejections only: what most imports show. */
export const rejections: ImportTrouble<ImportReportLine> = (line) =>
  line.outcome === 'rejected' ? `rejected: ${line.reason ?? ''}` : undefined;

/**
 * What a spreadsheet import (`stacks items import`, `stacks patrons import`) writes besides what
 * it loads: the JSON-lines report (one line per row, as ingest's --report), and the first lines
 * with trouble on stderr, so trouble shows without the report. A row is named by number and
 * barcode only: the report is a file people pass around.
 */
export class ImportOutput<L extends ImportReportLine> {
  private readonly report?: Sink;
  private shown = 0;

  constructor(
    reportPath: string | undefined,
    private readonly quiet: boolean,
    private readonly say: (line: string) => void,
    private readonly trouble: ImportTrouble<L> = rejections,
  ) {
    if (reportPath) this.report = openSink(reportPath);
  }

  line(line: L): void {
    this.report?.write(JSON.stringify(line) + '\n');
    if (this.quiet) return;
    const what = this.trouble(line);
    if (what === undefined) return;
    if (this.shown++ < SHOWN_LINES)
      this.say(`row ${line.row}${line.barcode ? ` (${line.barcode})` : ''}: ${what}`);
    else if (this.shown === SHOWN_LINES + 1) this.say('… more rejections in the report (--report FILE)');
  }

  async drain(): Promise<void> {
    await this.report?.drain();
  }

  async close(): Promise<void> {
    await this.report?.close();
  }
}

export interface ImportSummary<O extends string> {
  rows: number;
  counts: Record<O, number>;
  seconds: number;
}

/**
 * The end-of-run table, as ingest's: one row per outcome, the total, the rate, then any notes.
 * `what` names the run (`items import`).
 */
export function importSummaryTable<O extends string>(
  what: string,
  outcomes: readonly O[],
  summary: ImportSummary<O>,
  dryRun: boolean,
  notes: readonly string[] = [],
): string {
  const width = Math.max(...outcomes.map((o) => o.length));
  const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : summary.rows;
  return [
    dryRun ? 'dry run: nothing was written; this is what would happen' : `${what} summary`,
    ...outcomes.map((o) => `  ${o.padEnd(width)}  ${String(summary.counts[o]).padStart(10)}`),
    `  ${'total'.padEnd(width)}  ${String(summary.rows).padStart(10)}`,
    `  ${summary.seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} rows/s`,
    ...notes,
    '',
  ].join('\n');
}
