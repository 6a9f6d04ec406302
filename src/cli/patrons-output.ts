import { PATRON_OUTCOMES, type PatronImportSummary, type PatronReportLine } from '../services/patron-import';
import { openSink, type Sink } from './output';

const SHOWN_REJECTIONS = 50;

/**
 * What `stacks patrons import` writes besides the patrons: the JSON-lines report (one line per
 * row), and the first rejections on stderr, as `items import` does. Lines name a row by number and
 * card barcode only: the report is a file people pass around, so no name, email or phone.
 */
export class PatronImportOutput {
  private readonly report?: Sink;
  private shown = 0;

  constructor(
    reportPath: string | undefined,
    private readonly quiet: boolean,
    private readonly say: (line: string) => void,
  ) {
    if (reportPath) this.report = openSink(reportPath);
  }

  line(line: PatronReportLine): void {
    this.report?.write(JSON.stringify(line) + '\n');
    if (line.outcome !== 'rejected' || this.quiet) return;
    if (this.shown++ < SHOWN_REJECTIONS)
      this.say(`row ${line.row}${line.barcode ? ` (${line.barcode})` : ''}: rejected: ${line.reason ?? ''}`);
    else if (this.shown === SHOWN_REJECTIONS + 1) this.say('… more rejections in the report (--report FILE)');
  }

  async drain(): Promise<void> {
    await this.report?.drain();
  }

  async close(): Promise<void> {
    await this.report?.close();
  }
}

/** The end-of-run table: one row per outcome, the total, the rate. */
export function patronSummaryTable(summary: PatronImportSummary, dryRun: boolean): string {
  const width = Math.max(...PATRON_OUTCOMES.map((o) => o.length));
  const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : summary.rows;
  return [
    dryRun ? 'dry run: nothing was written; this is what would happen' : 'patrons import summary',
    ...PATRON_OUTCOMES.map((o) => `  ${o.padEnd(width)}  ${String(summary.counts[o]).padStart(10)}`),
    `  ${'total'.padEnd(width)}  ${String(summary.rows).padStart(10)}`,
    `  ${summary.seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} rows/s`,
    '',
  ].join('\n');
}
