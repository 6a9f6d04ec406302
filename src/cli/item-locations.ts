import { parseLocation } from '../domain/items/item';
import type { LocationDirectory } from '../domain/items/locations';
import { AppError } from '../errors/app-error';
import { resolveColumns, type ColumnMapping } from '../ingest/items/item-columns';
import type { ItemTable, TableRow } from '../ingest/items/item-table.reader';
import { knownLocation } from '../services/item-input';

/**
 * A spreadsheet is a staff act, like an API write: a row at a location the locations file does not
 * list is rejected, naming it and the listed ones, unless `--allow-unknown-locations` (a migration
 * bringing locations the file will list later). MARC loads keep such locations: a record's 952 is
 * the old system's word, not a typo made here. A location that is not `LIBRARY/LOCATION` at all is
 * left to the row reader, which rejects it in its own words.
 */
export function withListedLocations(
  table: ItemTable,
  mapping: ColumnMapping | undefined,
  locations: LocationDirectory,
): ItemTable {
  // Throws as the import itself would for a missing column: said before any row is read.
  const columns = resolveColumns(table.headers, mapping);
  const at = columns.index.get('location')!;
  const barcodeAt = columns.index.get('barcode')!;
  return { headers: table.headers, rows: checkRows(table.rows, at, barcodeAt, locations) };
}

async function* checkRows(
  rows: AsyncIterable<TableRow>,
  at: number,
  barcodeAt: number,
  locations: LocationDirectory,
): AsyncIterable<TableRow> {
  for await (const row of rows) {
    const text = 'values' in row ? (row.values[at] ?? '') : '';
    const location = parseLocation(text);
    if (!('values' in row) || !location || locations.knows(location)) {
      yield row;
      continue;
    }
    yield { row: row.row, error: unlisted(text, row.values[barcodeAt]?.trim(), locations) };
  }
}

function unlisted(text: string, barcode: string | undefined, locations: LocationDirectory): string {
  try {
    knownLocation(text, locations);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // A rejected line carries no barcode of its own here, so the reason names it.
    const of = barcode ? `barcode ${barcode}: ` : '';
    return `${of}${err.message}; --allow-unknown-locations loads it as given`;
  }
  return `location ${text} is not in the locations file`;
}
