import type { Holding, NewItem } from '../domain/items/item';
import type { HoldingsScope, ItemLoadOutcome } from '../items/port';
import type { ItemOutcome, ReportLine } from './ingest.types';

/** Items and holdings waiting to be written, each item with the report line it belongs to. */
export class ItemLoad {
  readonly holdings: Holding[] = [];
  readonly replacing: HoldingsScope[] = [];
  readonly items: NewItem[] = [];
  readonly lines: ReportLine[] = [];
  /** Records whose availability may have changed. */
  readonly touched = new Set<string>();
  /** What the store did with each of `items`, in order (the index step's summaries come from them). */
  readonly outcomes: ItemLoadOutcome[] = [];
  /** Records some of whose items were withdrawn after the load: their summaries are read back. */
  readonly withdrawnFrom = new Set<string>();

  constructor(readonly at: string) {}

  add(item: NewItem, line: ReportLine): void {
    this.items.push(item);
    this.lines.push(line);
    line.items = (line.items ?? 0) + 1;
  }
}

export function duplicateMessage(
  barcode: string,
  earlier: { record: number; id: string },
  record: number,
): string {
  const where =
    earlier.record === record
      ? 'earlier in this record'
      : `in record ${earlier.record} (${earlier.id}) of this load`;
  return `item_barcode_duplicate: barcode ${JSON.stringify(barcode)} is ${where} already; this one is not loaded`;
}

export function warn(line: ReportLine, message: string): void {
  (line.warnings ??= []).push(message);
}

export function note(line: ReportLine, message: string): void {
  (line.notes ??= []).push(message);
}

/** One more of the record's items had (or, in a dry run, would have) this outcome. */
export function count(line: ReportLine, outcome: ItemOutcome): void {
  const counts = (line.itemOutcomes ??= {});
  counts[outcome] = (counts[outcome] ?? 0) + 1;
}
