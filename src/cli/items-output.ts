import { ITEM_OUTCOMES, type ItemImportSummary, type ItemReportLine } from '../ingest/items/item-import';
import { openSink, type Sink } from './output';

const SHOWN_REJECTIONS = 50;

/**
 * What `stacks items import` writes besides the items: the JSON-lines report (one line per row,
 * as ingest's --report), and the first rejections (and rows loaded with a warning: a status not
 * applied) on stderr so trouble shows without the report.
 */
export class ItemImportOutput {
  private readonly report?: Sink;
  private shown = 0;

  constructor(
    reportPath: string | undefined,
    private readonly quiet: boolean,
    private readonly say: (line: string) => void,
  ) {
    if (reportPath) this.report = openSink(reportPath);
  }

  line(line: ItemReportLine): void {
    this.report?.write(JSON.stringify(line) + '\n');
    if ((line.outcome !== 'rejected' && line.warning === undefined) || this.quiet) return;
    const what =
      line.outcome === 'rejected' ? `rejected: ${line.reason ?? ''}` : `${line.outcome}: ${line.warning}`;
    if (this.shown++ < SHOWN_REJECTIONS)
      this.say(`row ${line.row}${line.barcode ? ` (${line.barcode})` : ''}: ${what}`);
    else if (this.shown === SHOWN_REJECTIONS + 1) this.say('… more rejections in the report (--report FILE)');
  }

  async drain(): Promise<void> {
    await this.report?.drain();
  }

  async close(): Promise<void> {
    await this.report?.close();
  }
}

/** The end-of-run table, as ingest's: one row per outcome, the total, the rate. */
export function itemSummaryTable(summary: ItemImportSummary, dryRun: boolean): string {
  const width = Math.max(...ITEM_OUTCOMES.map((o) => o.length));
  const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : summary.rows;
  return [
    dryRun ? 'dry run: nothing was written; this is what would happen' : 'items import summary',
    ...ITEM_OUTCOMES.map((o) => `  ${o.padEnd(width)}  ${String(summary.counts[o]).padStart(10)}`),
    `  ${'total'.padEnd(width)}  ${String(summary.rows).padStart(10)}`,
    `  ${summary.seconds.toFixed(1)} s, ${rate.toLocaleString('en-US')} rows/s`,
    ...(summary.ignoredColumns.length > 0
      ? [`note: columns not read: ${summary.ignoredColumns.map((c) => `"${c}"`).join(', ')}`]
      : []),
    '',
  ].join('\n');
}
