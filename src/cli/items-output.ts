import { ITEM_OUTCOMES, type ItemImportSummary, type ItemReportLine } from '../ingest/items/item-import';
import { importSummaryTable, type ImportTrouble } from './import-output';

/**
 * `stacks items import` shows its rejections and also the rows loaded with a warning (a status
 * not applied, since circulation holds the item).
 */
export const itemTrouble: ImportTrouble<ItemReportLine> = (line) => {
  if (line.outcome === 'rejected') return `rejected: ${line.reason ?? ''}`;
  return line.warning === undefined ? undefined : `${line.outcome}: ${line.warning}`;
};

/** The import's table, and the spreadsheet's columns no field read. */
export function itemSummaryTable(summary: ItemImportSummary, dryRun: boolean): string {
  const ignored = summary.ignoredColumns.map((c) => `"${c}"`).join(', ');
  const notes = ignored ? [`note: columns not read: ${ignored}`] : [];
  return importSummaryTable('items import', ITEM_OUTCOMES, summary, dryRun, notes);
}
