import { patronBarcodeKey, type NewPatron, type Patron, type PatronFields } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';
import { patronEvent } from './patron-events';
import { changesTo, newPatronFrom, type NewPatronInput, type PatronRules } from './patron-input';
import type { PatronsBackends } from './patrons.service';

/**
 * `stacks patrons import`: a migration's spreadsheet of patrons, one report line per row
 * (docs/patrons.md, "Importing patrons"). A row is checked as a registration over the API is
 * (patron-input.ts). A card barcode (or, when the file has an `id` column, an id) already known is
 * updated from the row, so a migration can be run again; `unchanged` when the row says nothing new.
 * A bad row is rejected alone. A dry run reads and compares, and writes nothing. Report lines carry
 * the row number, the barcode and the patron's id, never a name, email, phone, address or note.
 */
export const PATRON_COLUMNS = [
  'barcode',
  'name',
  'email',
  'phone',
  'address',
  'patronType',
  'homeLibrary',
  'expiry',
  'notes',
  'id',
] as const;
export type PatronColumn = (typeof PATRON_COLUMNS)[number];
const REQUIRED: readonly PatronColumn[] = ['barcode', 'name', 'email', 'patronType', 'expiry'];
/** Columns whose empty cell removes what the patron had (the file is the migration's truth). */
const CLEARABLE = ['phone', 'address', 'homeLibrary', 'notes'] as const;

export const PATRON_OUTCOMES = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type PatronOutcome = (typeof PATRON_OUTCOMES)[number];

export interface PatronReportLine {
  row: number;
  barcode?: string;
  outcome: PatronOutcome;
  /** The patron's id (created, updated, unchanged). */
  id?: string;
  reason?: string;
}

/** The spreadsheet as the CSV reader gives it (src/ingest/items/item-table.reader.ts). */
export interface PatronTable {
  headers: string[];
  rows: AsyncIterable<{ row: number; values: string[] } | { row: number; error: string }>;
}

export interface PatronImportOptions {
  dryRun: boolean;
  rules: PatronRules;
  now?: () => string;
}

export interface PatronImportHandlers {
  line(line: PatronReportLine): void;
  progress?(rows: number): void;
  /** Awaited every so many rows: lets the report's sink drain. */
  flush?(): Promise<void>;
}

export interface PatronImportSummary {
  rows: number;
  counts: Record<PatronOutcome, number>;
  seconds: number;
}

const FLUSH_EVERY = 500;

/** Header → column index; unknown or missing columns refuse the whole file before any row is read. */
export function resolvePatronColumns(headers: readonly string[]): Map<PatronColumn, number> {
  const byName = new Map(PATRON_COLUMNS.map((c) => [columnName(c), c]));
  const index = new Map<PatronColumn, number>();
  const unknown: string[] = [];
  headers.forEach((header, i) => {
    const column = byName.get(columnName(header));
    if (!column) unknown.push(header);
    else if (index.has(column)) unknown.push(`${header} (again)`);
    else index.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`unknown column${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}`] : []),
      ...(missing.length > 0 ? [`missing ${quoted(missing)}`] : []),
    ];
    throw new AppError(
      'invalid_config',
      `patrons file header: ${parts.join('; ')}; the columns are ${PATRON_COLUMNS.join(', ')}`,
      { unknown, missing },
    );
  }
  return index;
}

export async function runPatronImport(
  table: PatronTable,
  backends: PatronsBackends,
  options: PatronImportOptions,
  handlers: PatronImportHandlers,
): Promise<PatronImportSummary> {
  const started = Date.now();
  const columns = resolvePatronColumns(table.headers);
  const counts = Object.fromEntries(PATRON_OUTCOMES.map((o) => [o, 0])) as Record<PatronOutcome, number>;
  const firstRow = new Map<string, number>();
  const now = options.now ?? (() => new Date().toISOString());
  let rows = 0;
  for await (const tableRow of table.rows) {
    if ('values' in tableRow && tableRow.values.every((v) => v.trim() === '')) continue;
    rows++;
    const line =
      'error' in tableRow
        ? { row: tableRow.row, outcome: 'rejected' as const, reason: tableRow.error }
        : await importRow(tableRow, columns, firstRow, backends, { ...options, now });
    counts[line.outcome]++;
    handlers.line(line);
    handlers.progress?.(rows);
    if (rows % FLUSH_EVERY === 0) await handlers.flush?.();
  }
  await handlers.flush?.();
  return { rows, counts, seconds: (Date.now() - started) / 1000 };
}

async function importRow(
  tableRow: { row: number; values: string[] },
  columns: Map<PatronColumn, number>,
  firstRow: Map<string, number>,
  backends: PatronsBackends,
  options: PatronImportOptions & { now: () => string },
): Promise<PatronReportLine> {
  const { patrons } = backends;
  const { row } = tableRow;
  const get = (c: PatronColumn) => {
    const at = columns.get(c);
    return at === undefined ? undefined : (tableRow.values[at] ?? '').trim();
  };
  const barcode = get('barcode') ?? '';
  const label = barcode === '' ? {} : { barcode };
  try {
    const patron = newPatronFrom(inputOf(get), options.rules);
    const key = patronBarcodeKey(patron.barcode);
    const first = firstRow.get(key);
    if (first !== undefined)
      return { row, ...label, outcome: 'rejected', reason: `duplicate barcode: first on row ${first}` };
    firstRow.set(key, row);
    const existing =
      patron.id !== undefined ? await patrons.getById(patron.id) : await patrons.get(patron.barcode);
    if (existing) return { row, ...label, ...(await updateFrom(existing, patron, get, patrons, options)) };
    if (options.dryRun) return { row, ...label, outcome: 'created' };
    const created = await register(backends, patron, options.now());
    return { row, ...label, outcome: 'created', id: created.id };
  } catch (err) {
    // Our codes' messages name fields and patron ids, never a patron's personal values.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return { row, ...label, outcome: 'rejected', reason: `${err.code}: ${err.message}` };
  }
}

async function updateFrom(
  existing: Patron,
  patron: NewPatron,
  get: (c: PatronColumn) => string | undefined,
  patrons: PatronsBackends['patrons'],
  options: PatronImportOptions & { now: () => string },
): Promise<Omit<PatronReportLine, 'row' | 'barcode'>> {
  const { id: _id, ...fields } = patron;
  const wanted: PatronFields = { ...fields };
  for (const column of CLEARABLE) if (get(column) === '') wanted[column] = null;
  const changes = changesTo(existing, wanted);
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged', id: existing.id };
  if (existing.anonymisedAt)
    throw new AppError('patron_anonymised', `patron ${existing.id} is anonymised and cannot change`);
  if (!options.dryRun) await patrons.update(existing.id, changes, existing.version, options.now());
  return { outcome: 'updated', id: existing.id };
}

/** A registration and its `patron-registered` event (by `import`), in one unit of work. */
async function register(backends: PatronsBackends, patron: NewPatron, at: string): Promise<Patron> {
  const work = async () => {
    const created = await backends.patrons.create(patron, at);
    await backends.circulation?.appendEvent(patronEvent('patron-registered', created, at, 'import'));
    return created;
  };
  return backends.atomically ? backends.atomically(work) : work();
}

function inputOf(get: (c: PatronColumn) => string | undefined): NewPatronInput {
  const input: NewPatronInput = {
    barcode: get('barcode') ?? '',
    name: get('name') ?? '',
    email: get('email') ?? '',
    patronType: get('patronType') ?? '',
    expiry: get('expiry') ?? '',
  };
  for (const column of ['phone', 'address', 'homeLibrary', 'notes', 'id'] as const) {
    const value = get(column);
    if (value !== undefined && value !== '') input[column] = value;
  }
  return input;
}

/** Case, spaces, `_`, `-` and `.` do not matter in a header (`Patron Type`, `patron_type`). */
function columnName(header: string): string {
  return header.toLowerCase().replace(/[\s_.-]+/g, '');
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
