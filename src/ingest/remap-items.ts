import type { Backends } from '../backends/backends';
import type { CatalogDocument } from '../domain/catalog-document';
import type { ItemSource } from '../domain/items/item';
import type { HoldingsExtractor } from '../mapping/holdings/holdings-extractor';
import type { StoredRecord } from '../store/port';
import { ITEM_OUTCOMES, type ItemOutcome, type ReportLine } from './ingest.types';
import type { InputBarcodes } from './input-barcodes';
import { writeItems } from './item-writer';
import type { StagedRecord } from './staged-record';
import { countWarnings, type WarningCounts } from './warning-counts';

/** What remapping did to one record's items, when it did anything worth saying. */
export interface RemapItemReport {
  id: string;
  /** `code: message`: problems in its holdings fields, duplicate barcodes, items kept checked out. */
  warnings: string[];
  /** `item_moved: …`, `item_withdrawn: …`, `holdings_linked: …`. */
  notes: string[];
}

export interface RemapItemTotals {
  /** The items of the records looked at, by what the remap did to them. */
  items: Record<ItemOutcome, number>;
  /** Their warnings by code (`item_without_barcode: 12`). */
  itemWarnings: WarningCounts;
}

/** The sources a record's own MARC gives its items: what a remap may withdraw with `syncItems`. */
export const EMBEDDED_SOURCES: readonly ItemSource[] = ['852', '952', '949'];

export function noItems(): RemapItemTotals {
  return {
    items: Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, 0])) as Record<ItemOutcome, number>,
    itemWarnings: {},
  };
}

export function addItemTotals(into: RemapItemTotals, more: RemapItemTotals): void {
  for (const o of ITEM_OUTCOMES) into.items[o] += more.items[o];
  for (const [code, n] of Object.entries(more.itemWarnings))
    into.itemWarnings[code] = (into.itemWarnings[code] ?? 0) + n;
}

/**
 * The item half of a remapped page, in its unit of work, as an ingest loads a batch's items
 * (item-writer.ts): each record's holdings and items extracted again from its stored MARC with the
 * profile's holdings rules, loaded by barcode (created, updated, unchanged, moved), its 852
 * holdings replaced; with `syncItems`, the items its MARC gave before and no longer lists are
 * withdrawn. Items an MFHD, a spreadsheet or the API gave stay: the stored MARC does not speak for
 * them. Every record counts as loaded again (the profile, not the MARC, changed), `documents`
 * names those whose new document the caller indexes after (the index reads their items then).
 */
export async function remapItems(
  backends: Backends,
  records: readonly { stored: StoredRecord; document: CatalogDocument }[],
  holdings: HoldingsExtractor,
  options: { barcodes: InputBarcodes; syncItems: boolean; documents: ReadonlySet<string> },
): Promise<{ totals: RemapItemTotals; reports: RemapItemReport[] }> {
  const batch: StagedRecord[] = records.map(({ stored, document }, i) => {
    const extract = holdings.forRecord(stored.record, stored.id);
    const line: ReportLine = {
      record: i + 1,
      file: 'store',
      byteOffset: 0,
      id: stored.id,
      outcome: 'updated',
    };
    if (extract.problems.length > 0) line.warnings = extract.problems.map((p) => `${p.code}: ${p.message}`);
    return { line, record: stored.record, document, holdings: extract, decided: { outcome: 'updated' } };
  });
  const plan = {
    holdingsRecords: [],
    barcodes: options.barcodes,
    syncItems: options.syncItems,
    syncSources: EMBEDDED_SOURCES,
  };
  await writeItems(batch, backends, plan, options.documents);
  const totals = noItems();
  const reports: RemapItemReport[] = [];
  for (const { line } of batch) {
    for (const o of ITEM_OUTCOMES) totals.items[o] += line.itemOutcomes?.[o] ?? 0;
    countWarnings(totals.itemWarnings, line);
    if (line.warnings || line.notes)
      reports.push({ id: line.id!, warnings: line.warnings ?? [], notes: line.notes ?? [] });
  }
  return { totals, reports };
}
