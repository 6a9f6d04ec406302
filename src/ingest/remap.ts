import type { Backends } from '../backends/backends';
import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import { holdingsOf, type MapRecord } from '../mapping/mapper';
import type { RecordInput, StoredRecord } from '../store/port';
import { documentForm } from '../store/record-forms';
import { InputBarcodes } from './input-barcodes';
import {
  addItemTotals,
  noItems,
  remapItems,
  type RemapItemReport,
  type RemapItemTotals,
} from './remap-items';

export type { RemapItemReport } from './remap-items';

/** A stored record the mapping could not make a document of: it keeps the one it has. */
export interface RemapFailure {
  id: string;
  reason: string;
}

export interface RemapOptions {
  /** Records per page read from the store (default 1,000). */
  batch?: number;
  /** Live records looked at so far. */
  progress?(done: number): void;
  /** Each record that could not be mapped, as it is met. */
  failed?(failure: RemapFailure): void;
  /**
   * With a profile that has holdings rules: withdraw ("not in load") the items a record's MARC gave
   * it that its fields no longer list (`--sync-items`); without it they stay.
   */
  syncItems?: boolean;
  /** Each record whose items gave warnings or notes (moved, withdrawn, linked), after its page commits. */
  items?(report: RemapItemReport): void;
}

export interface RemapSummary extends RemapItemTotals {
  /** Live records looked at. */
  records: number;
  /** Stored again with a new document (a new version). */
  changed: number;
  /** Mapped to the document they have: nothing written. */
  unchanged: number;
  /** Could not be mapped (see `failed`): left as they were. */
  failed: number;
}

interface PageResult extends RemapSummary {
  next?: string;
  reports: RemapItemReport[];
}

/** What the pages of one pass share: the records already stored again, the barcodes already loaded. */
interface Pass {
  /**
   * Records this pass moved to the end of the change feed, at the version it left them: those it
   * stored again and, on a pair with an outbox, every record whose items it loaded (memory grows
   * with the catalog there, some 100 bytes a record).
   */
  written: Map<string, number>;
  barcodes: InputBarcodes;
  syncItems: boolean;
}

/** A page that keeps losing races to another writer's updates gives up after this many reads. */
const MAX_ATTEMPTS = 5;

/**
 * Maps every live record's stored MARC again (`stacks reindex --remap`, after a profile or the
 * mapping code changed) and stores those whose document came out different, as an ingest of the
 * same MARC would: a new version, a change-feed entry. A record whose MARC no longer maps keeps
 * its document and is reported. Ids never change: the stored id and the alternate ids an overlay
 * gave the record are kept, whatever the profile makes of the MARC's 001.
 *
 * Each page is read, mapped and written as one unit of work. On the embedded pair the index rows
 * are written in it too; on any other pair the store's writes leave the records pending in the
 * outbox, for the caller to catch up or rebuild the index from (the command rebuilds).
 */
export async function remapStore(
  backends: Backends,
  map: MapRecord,
  options: RemapOptions = {},
): Promise<RemapSummary> {
  const limit = options.batch ?? 1000;
  const total: RemapSummary = { records: 0, changed: 0, unchanged: 0, failed: 0, ...noItems() };
  const pass: Pass = {
    // A record stored again moves to the end of the change feed, where this pass meets it again.
    written: new Map<string, number>(),
    // A barcode two records' MARC both list is loaded from the first met, as in one ingest input.
    barcodes: new InputBarcodes(),
    syncItems: options.syncItems === true,
  };
  let after: string | undefined;
  do {
    const page = await remapPage(backends, map, { limit, after }, pass, options);
    total.records += page.records;
    total.changed += page.changed;
    total.unchanged += page.unchanged;
    total.failed += page.failed;
    addItemTotals(total, page);
    options.progress?.(total.records);
    after = page.next;
  } while (after !== undefined);
  return total;
}

/**
 * Writes carry the version read (`ifVersion`): another process that stored the record meanwhile
 * wins, the page is read again, and its record is met later in the feed at its new version.
 */
async function remapPage(
  backends: Backends,
  map: MapRecord,
  cursor: { limit: number; after?: string | undefined },
  pass: Pass,
  options: RemapOptions,
): Promise<PageResult> {
  for (let attempt = 1; ; attempt++) {
    const failures: RemapFailure[] = [];
    const forget = pass.barcodes.mark();
    try {
      const page = await backends.atomically(() => remapOnce(backends, map, cursor, pass, failures));
      for (const failure of failures) options.failed?.(failure);
      for (const report of page.reports) options.items?.(report);
      return page;
    } catch (err) {
      forget();
      const lostRace = err instanceof AppError && err.code === 'version_conflict';
      if (!lostRace || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

async function remapOnce(
  backends: Backends,
  map: MapRecord,
  cursor: { limit: number; after?: string | undefined },
  pass: Pass,
  failures: RemapFailure[],
): Promise<PageResult> {
  const { store, index, indexOutbox } = backends;
  const page = await store.changes({
    limit: cursor.limit,
    ...(cursor.after !== undefined && { after: cursor.after }),
  });
  const live = page.changes.flatMap((c) =>
    c.kind === 'record' && pass.written.get(c.record.id) !== c.record.version ? [c.record] : [],
  );
  const { inputs, mapped } = remapAll(live, map, failures);
  const outcomes = inputs.length > 0 ? await store.upsertMany(inputs) : [];
  const changed = inputs.filter((_, i) => outcomes[i]!.outcome !== 'unchanged');
  for (const o of outcomes) pass.written.set(o.id, o.version);
  // Items before the index, which reads them.
  const items = await itemsOf(backends, map, mapped, pass, new Set(changed.map((i) => i.document.id)));
  // The embedded index commits with the store; an outbox holds the rest for the index.
  if (!indexOutbox && changed.length > 0) await index.upsert(changed.map((i) => i.document));
  const result: PageResult = {
    records: live.length,
    changed: changed.length,
    unchanged: live.length - changed.length - failures.length,
    failed: failures.length,
    ...items.totals,
    reports: items.reports,
  };
  if (page.next !== undefined) result.next = page.next;
  return result;
}

type Remapped = { stored: StoredRecord; document: CatalogDocument };

/** The page's records mapped again: those whose document changes (to store), and all that mapped. */
function remapAll(
  live: readonly StoredRecord[],
  map: MapRecord,
  failures: RemapFailure[],
): { inputs: RecordInput[]; mapped: Remapped[] } {
  const inputs: RecordInput[] = [];
  const mapped: Remapped[] = [];
  for (const stored of live) {
    const remapped = remapRecord(stored, map);
    if ('reason' in remapped) {
      failures.push(remapped);
      continue;
    }
    mapped.push({ stored, document: remapped.document });
    if (documentForm(remapped.document).hash !== stored.documentHash) inputs.push(remapped);
  }
  return { inputs, mapped };
}

/**
 * The page's items by the profile's holdings rules (none: left alone). A record without a new
 * document (not in `documents`) has its availability refreshed by the item step, as in an ingest.
 */
async function itemsOf(
  backends: Backends,
  map: MapRecord,
  mapped: readonly Remapped[],
  { written, barcodes, syncItems }: Pass,
  documents: ReadonlySet<string>,
): Promise<{ totals: RemapItemTotals; reports: RemapItemReport[] }> {
  const holdings = holdingsOf(map);
  if (!holdings) return { totals: noItems(), reports: [] };
  const items = await remapItems(backends, mapped, holdings, { barcodes, syncItems, documents });
  // With an outbox, an availability refresh leaves the record pending, which moves it to the end
  // of the change feed as a write does: the pass must not meet it (and load its items) again.
  if (backends.indexOutbox)
    for (const { stored } of mapped) if (!written.has(stored.id)) written.set(stored.id, stored.version);
  return items;
}

/** The stored record's MARC mapped again, under the id and alternate ids it is stored with. */
function remapRecord(stored: StoredRecord, map: MapRecord): RecordInput | RemapFailure {
  let mapped: CatalogDocument;
  try {
    mapped = map(stored.record);
  } catch (err) {
    return { id: stored.id, reason: `mapping failed: ${messageOf(err)}` };
  }
  if (mapped.deleted) return { id: stored.id, reason: 'the record now maps as a deletion (leader/05 d)' };
  // Spread as the ingest's matching revises a document, so the same overlay gives the same JSON.
  const document: CatalogDocument = { ...mapped, id: stored.id };
  if (stored.document.alternateIds?.length) document.alternateIds = stored.document.alternateIds;
  return { record: stored.record, document, ifVersion: stored.version };
}

function messageOf(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
