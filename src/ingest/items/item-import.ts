import { refreshAvailability } from '../../backends/availability-refresh';
import type { Backends } from '../../backends/backends';
import type { Item, NewItem } from '../../domain/items/item';
import { barcodeKey, isInCirculation } from '../../domain/items/item';
import type { ItemStatus } from '../../domain/items/item-status';
import type { LocationDirectory } from '../../domain/items/locations';
import { AppError } from '../../errors/app-error';
import type { ItemStore } from '../../items/port';
import { resolveColumns, type ColumnMapping } from './item-columns';
import { readItemRow, type ItemCandidate } from './item-row';
import { describeRef, findRecords, refKey } from './item-records';
import type { ItemTable, TableRow } from './item-table.reader';

export const ITEM_OUTCOMES = ['created', 'updated', 'unchanged', 'moved', 'rejected'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** One line per row of the spreadsheet, like ingest's report (docs/items.md, "A spreadsheet"). */
export interface ItemReportLine {
  row: number;
  barcode?: string;
  outcome: ItemOutcome;
  recordId?: string;
  /** `moved`: the record the barcode belonged to before. */
  fromRecordId?: string;
  reason?: string;
  /**
   * Loaded, but not all of it: the row's status was not applied, since circulation holds the item
   * (on loan, trapped for a hold). The item keeps circulation's status.
   */
  warning?: string;
}

export interface ItemImportOptions {
  dryRun: boolean;
  /** Rows per unit of work. */
  batchSize: number;
  mapping?: ColumnMapping;
  /** Who the items' history names: `import` unless told. */
  by?: string;
  /**
   * Given: a row at a location this directory does not list is rejected, naming the listed ones
   * (a spreadsheet is a staff act, like an API write). Absent: any location is loaded as given
   * (`--allow-unknown-locations`; MARC loads always keep the old system's locations).
   */
  locations?: LocationDirectory;
}

export interface ItemImportSummary {
  rows: number;
  counts: Record<ItemOutcome, number>;
  /** Header columns no field read. */
  ignoredColumns: string[];
  seconds: number;
}

export interface ItemImportHandlers {
  line(line: ItemReportLine): void;
  progress?(rows: number): void;
  /** Awaited after each batch's lines: lets the report's sink drain. */
  flush?(): Promise<void>;
}

/** Store (to find records), items, and the unit of work the availability refresh joins. */
type ImportBackends = Backends;

interface Staged {
  row: number;
  candidate: ItemCandidate;
}

/**
 * `stacks items import`: a spreadsheet's rows → items, matched by barcode (a re-load updates, a
 * barcode under another record moves). Each row ends as one report line. A bad row is rejected
 * alone: the rows around it load. Rows go in batches, each one unit of work with the availability
 * refresh of the records it touched; a dry run finds records and compares, and writes nothing.
 */
export async function runItemImport(
  table: ItemTable,
  backends: ImportBackends,
  options: ItemImportOptions,
  handlers: ItemImportHandlers,
): Promise<ItemImportSummary> {
  const started = Date.now();
  const columns = resolveColumns(table.headers, options.mapping);
  const counts = Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, 0])) as Record<ItemOutcome, number>;
  let rows = 0;
  /** Barcode key → the row that first gave it: later rows with it are rejected, naming that row. */
  const firstRow = new Map<string, number>();
  const emit = (line: ItemReportLine) => {
    counts[line.outcome]++;
    handlers.line(line);
  };
  let batch: Staged[] = [];
  /** Rows rejected as read wait for their batch, so the report stays in row order. */
  let rejected: ItemReportLine[] = [];
  const writeBatch = async () => {
    const lines = [...rejected, ...(await importBatch(batch, backends, options))];
    for (const line of lines.sort((a, b) => a.row - b.row)) emit(line);
    batch = [];
    rejected = [];
    await handlers.flush?.();
  };
  for await (const tableRow of table.rows) {
    rows++;
    const staged = stage(tableRow, columns, firstRow, options.locations);
    if (staged === 'blank') rows--;
    else if ('outcome' in staged) rejected.push(staged);
    else batch.push(staged);
    if (batch.length + rejected.length >= options.batchSize) await writeBatch();
    handlers.progress?.(rows);
  }
  if (batch.length + rejected.length > 0) await writeBatch();
  return { rows, counts, ignoredColumns: columns.ignored, seconds: (Date.now() - started) / 1000 };
}

function stage(
  tableRow: TableRow,
  columns: ReturnType<typeof resolveColumns>,
  firstRow: Map<string, number>,
  locations: LocationDirectory | undefined,
): Staged | ItemReportLine | 'blank' {
  const { row } = tableRow;
  if ('error' in tableRow) return { row, outcome: 'rejected', reason: tableRow.error };
  // Spreadsheets export trailing rows of empty cells: they are not items.
  if (tableRow.values.every((v) => v.trim() === '')) return 'blank';
  const read = readItemRow(tableRow.values, columns);
  if (!read.ok)
    return { row, ...(read.barcode && { barcode: read.barcode }), outcome: 'rejected', reason: read.reason };
  const { barcode, location } = read.candidate.item;
  if (locations && !locations.knows(location)) {
    // The reason names the barcode itself, so the line carries none of its own (as before).
    const reason = `barcode ${barcode}: ${locations.unlisted(location)}; --allow-unknown-locations loads it as given`;
    return { row, outcome: 'rejected', reason };
  }
  const key = barcodeKey(barcode);
  const first = firstRow.get(key);
  if (first !== undefined) {
    return {
      row,
      barcode: read.candidate.item.barcode,
      outcome: 'rejected',
      reason: `duplicate barcode: first on row ${first}`,
    };
  }
  firstRow.set(key, row);
  return { row, candidate: read.candidate };
}

/** Finds the batch's records, then loads (or, in a dry run, compares) the items that have one. */
async function importBatch(
  batch: readonly Staged[],
  backends: ImportBackends,
  options: ItemImportOptions,
): Promise<ItemReportLine[]> {
  const records = await findRecords(
    batch.map((s) => s.candidate.ref),
    backends.store,
  );
  const lines: ItemReportLine[] = [];
  const ready: { staged: Staged; item: NewItem }[] = [];
  for (const staged of batch) {
    const found = records.get(refKey(staged.candidate.ref)) ?? [];
    const { barcode } = staged.candidate.item;
    if (found.length !== 1) {
      const why = found.length === 0 ? 'unknown record' : `ambiguous record: matches ${found.join(', ')}`;
      lines.push({
        row: staged.row,
        barcode,
        outcome: 'rejected',
        reason: `${why} (${describeRef(staged.candidate.ref)})`,
      });
      continue;
    }
    ready.push({ staged, item: { ...staged.candidate.item, recordId: found[0]! } });
  }
  const outcomes = options.dryRun
    ? await compare(
        ready.map((r) => r.item),
        backends.items,
      )
    : await load(
        ready.map((r) => r.item),
        backends,
        options.by ?? 'import',
      );
  ready.forEach(({ staged, item }, i) => {
    const o = outcomes[i]!;
    if (o.outcome === 'rejected') {
      lines.push({ row: staged.row, barcode: item.barcode, outcome: 'rejected', reason: o.reason });
      return;
    }
    lines.push({
      row: staged.row,
      barcode: item.barcode,
      outcome: o.outcome,
      recordId: item.recordId,
      ...(o.fromRecordId !== undefined && { fromRecordId: o.fromRecordId }),
      ...(o.statusNotApplied !== undefined && { warning: statusNotApplied(o.statusNotApplied) }),
    });
  });
  return lines;
}

type Compared =
  | { outcome: Exclude<ItemOutcome, 'rejected'>; fromRecordId?: string; statusNotApplied?: ItemStatus }
  | { outcome: 'rejected'; reason: string };

function statusNotApplied(given: ItemStatus): string {
  return `item_in_circulation: the item is on loan or trapped for a hold: status ${given} is not applied`;
}

/**
 * One unit of work for the batch. Should the store refuse it (an item it will not change that
 * way), each item is loaded alone, so that one refusal rejects one row, not its whole batch.
 */
async function load(items: NewItem[], backends: ImportBackends, by: string): Promise<Compared[]> {
  if (items.length === 0) return [];
  try {
    return await loadTogether(items, backends, by);
  } catch (err) {
    if (!(err instanceof AppError) || items.length === 1) throw err;
  }
  const outcomes: Compared[] = [];
  for (const item of items) {
    try {
      outcomes.push(...(await loadTogether([item], backends, by)));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      outcomes.push({ outcome: 'rejected', reason: `${err.code}: ${err.message}` });
    }
  }
  return outcomes;
}

async function loadTogether(items: NewItem[], backends: ImportBackends, by: string): Promise<Compared[]> {
  const at = new Date().toISOString();
  return backends.atomically(async () => {
    const outcomes = await backends.items.load(items, at, by);
    const touched = new Set(items.map((i) => i.recordId));
    for (const o of outcomes) if (o.outcome === 'moved') touched.add(o.fromRecordId);
    await refreshAvailability(backends, [...touched]);
    return outcomes.map((o) => ({
      outcome: o.outcome,
      ...(o.outcome === 'moved' && { fromRecordId: o.fromRecordId }),
      ...(o.statusNotApplied !== undefined && { statusNotApplied: o.statusNotApplied }),
    }));
  });
}

/** What `load` would answer, from the items as stored now. */
async function compare(items: NewItem[], store: ItemStore): Promise<Compared[]> {
  const existing = new Map(
    (await store.getMany(items.map((i) => i.barcode))).map((i) => [barcodeKey(i.barcode), i]),
  );
  return items.map((item) => {
    const old = existing.get(barcodeKey(item.barcode));
    if (!old) return { outcome: 'created' };
    // As the store's load: a status for an item circulation holds is named, not applied.
    const refused = item.status !== undefined && item.status !== old.status && isInCirculation(old);
    const given = refused ? { ...item, status: undefined } : item;
    const named = refused ? { statusNotApplied: item.status! } : {};
    if (old.recordId !== item.recordId) return { outcome: 'moved', fromRecordId: old.recordId, ...named };
    return { outcome: sameFields(old, given) ? 'unchanged' : 'updated', ...named };
  });
}

function sameFields(old: Item, given: NewItem): boolean {
  const pick = (i: Item | NewItem) =>
    JSON.stringify([i.location, i.callNumber ?? null, i.itemType, i.notForLoan, i.publicNotes, i.staffNotes]);
  return pick(old) === pick(given) && (given.status === undefined || given.status === old.status);
}
