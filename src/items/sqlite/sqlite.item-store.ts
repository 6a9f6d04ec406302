import type { Database } from 'better-sqlite3';
import {
  barcodeKey,
  isOnLoan,
  type Holding,
  type Item,
  type ItemLocation,
  type NewItem,
  type StatusChange,
} from '../../domain/items/item';
import { AppError } from '../../errors/app-error';
import {
  barcodeTaken,
  circulated,
  createdItem,
  loadedItem,
  statusChanged,
  updatedItem,
  versionConflict,
} from '../item-changes';
import type {
  HoldingsScope,
  ItemCirculation,
  ItemFields,
  ItemLoadOutcome,
  ItemPage,
  ItemQuery,
  ItemStore,
  LoanQuery,
} from '../port';
import { compare, compareShelfOrder } from '../shelf-order';
import { listQuery, prepareItemStatements, type ItemStatements } from './item-queries';
import {
  encodeCursor,
  holdingOf,
  holdingRow,
  itemOf,
  itemRow,
  itemValues,
  loanColumns,
  positionOf,
  type ItemRow,
} from './item-rows';
import { loansPage, loansQuery, type LoanRow } from './loan-queries';
import { itemTablesCurrent, migrateItems } from './schema';

/**
 * The embedded item store, on the catalog's own connection: inside `backends.atomically` its
 * writes join the unit of work's transaction (better-sqlite3 nests them as savepoints), so a
 * record, its index rows and its items commit together. The connection belongs to whoever opened
 * it; `close` leaves it open.
 */
export function createSqliteItemStore(db: Database): ItemStore {
  migrateItems(db);
  return new SqliteItemStore(db);
}

class SqliteItemStore implements ItemStore {
  private statements: ItemStatements | undefined;

  constructor(private readonly db: Database) {}

  /**
   * Prepared at first use: a read-only catalog made before items (or before their current schema,
   * which a read-only connection cannot upgrade) still opens; only item calls fail.
   */
  private get q(): ItemStatements {
    if (this.statements) return this.statements;
    if (this.db.readonly && !itemTablesCurrent(this.db))
      throw new AppError(
        'store_unavailable',
        'this catalog has no item tables, or older ones, yet: open it writable once',
      );
    return (this.statements = prepareItemStatements(this.db));
  }

  async get(barcode: string): Promise<Item | undefined> {
    return this.read(barcode);
  }

  async getMany(barcodes: readonly string[]): Promise<Item[]> {
    const keys = new Set(barcodes.map(barcodeKey));
    return [...keys].map((key) => this.read(key)).filter((item): item is Item => item !== undefined);
  }

  async forRecord(recordId: string): Promise<Item[]> {
    return (this.q.forRecord.all(recordId) as ItemRow[]).map(itemOf);
  }

  async forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>> {
    // One indexed range per record: in-process, a loop costs less than building an IN list.
    const out = new Map<string, Item[]>();
    for (const id of new Set(recordIds)) {
      const items = (this.q.forRecord.all(id) as ItemRow[]).map(itemOf);
      if (items.length > 0) out.set(id, items);
    }
    return out;
  }

  async list(query: ItemQuery): Promise<ItemPage> {
    const statuses = query.statuses ? [...new Set(query.statuses)] : [undefined];
    const rows = statuses
      .flatMap((status) => {
        const { sql, params } = listQuery(query, status);
        return this.q.lists.get(sql).all(...params) as ItemRow[];
      })
      .sort(compareRows);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = page.map(itemOf);
    return rows.length > query.limit && last ? { items, next: encodeCursor(positionOf(last)) } : { items };
  }

  async shelf(
    location: ItemLocation,
    shelfKey: string,
    options: { before: number; after: number },
  ): Promise<Item[]> {
    const { library, shelf } = location;
    const before =
      options.before > 0 ? (this.q.before.all(library, shelf, shelfKey, options.before) as ItemRow[]) : [];
    const after =
      options.after > 0 ? (this.q.atOrAfter.all(library, shelf, shelfKey, options.after) as ItemRow[]) : [];
    return [...before.reverse(), ...after].map(itemOf);
  }

  async create(item: NewItem, at: string, by?: string): Promise<Item> {
    const created = createdItem(item, at, by);
    try {
      this.q.insert.run(itemRow(created));
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      throw barcodeTaken(this.read(created.barcode) ?? created);
    }
    return created;
  }

  async update(
    barcode: string,
    fields: ItemFields,
    ifVersion: number,
    at: string,
  ): Promise<Item | undefined> {
    return this.compareAndSet(barcode, ifVersion, (current) => updatedItem(current, fields, at));
  }

  async changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined> {
    return this.compareAndSet(barcode, ifVersion, (current) => statusChanged(current, change));
  }

  async circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined> {
    return this.compareAndSet(barcode, ifVersion, (current) => circulated(current, change, circulation));
  }

  async withLoan(loanId: string): Promise<Item | undefined> {
    const row = this.q.withLoan.get(loanId) as ItemRow | undefined;
    return row && itemOf(row);
  }

  async onLoanTo(patronId: string): Promise<Item[]> {
    return (this.q.onLoanTo.all(patronId) as ItemRow[]).map(itemOf);
  }

  async loans(query: LoanQuery): Promise<ItemPage> {
    const { sql, params } = loansQuery(query);
    return loansPage(this.q.lists.get(sql).all(...params) as LoanRow[], query.limit);
  }

  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    return this.db.transaction(() => {
      // The known items read at once (a fresh catalog has none), then kept current as rows apply,
      // so a barcode twice in one load sees its first row.
      const known = new Map<string, Item>();
      const keys = items.map((item) => barcodeKey(item.barcode));
      for (const row of this.q.byKeys.all(JSON.stringify([...new Set(keys)])) as ItemRow[])
        known.set(row.barcode_key, itemOf(row));
      return items.map((item, i) => this.loadOne(item, keys[i]!, at, by, known));
    })();
  }

  async withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]> {
    const kept = new Set(keep.map(barcodeKey));
    return this.db.transaction(() => {
      const withdrawn: Item[] = [];
      for (const id of new Set(recordIds)) {
        for (const current of (this.q.forRecord.all(id) as ItemRow[]).map(itemOf)) {
          if (current.status === 'withdrawn' || isOnLoan(current) || kept.has(barcodeKey(current.barcode)))
            continue;
          const item = statusChanged(current, { to: 'withdrawn', at, by, reason });
          this.replace(item, current.version);
          withdrawn.push(item);
        }
      }
      return withdrawn.sort(compareShelfOrder);
    })();
  }

  async putHoldings(holdings: readonly Holding[], replacing: readonly HoldingsScope[] = []): Promise<void> {
    this.db.transaction(() => {
      for (const holding of holdings) this.q.putHolding.run(holdingRow(holding));
      const given = new Set(holdings.map((h) => h.id));
      const scopes = [...replacing, ...holdings.flatMap(scopeOf)];
      for (const scope of uniqueScopes(scopes)) {
        const ids = this.q.holdingIdsOf.all(scope.recordId, scope.source) as { id: string }[];
        for (const { id } of ids) if (!given.has(id)) this.q.deleteHolding.run(id);
      }
    })();
  }

  async holdingsFor(recordId: string): Promise<Holding[]> {
    return (this.q.holdingsFor.all(recordId) as { holding: string }[]).map(holdingOf);
  }

  async unlinkedHoldings(controlNumbers: readonly string[]): Promise<Holding[]> {
    const rows = [...new Set(controlNumbers)].flatMap((n) => this.q.unlinked.all(n) as { holding: string }[]);
    return rows.map(holdingOf).sort((a, b) => compare(a.id, b.id));
  }

  async count(): Promise<number> {
    return (this.q.count.get() as { n: number }).n;
  }

  async close(): Promise<void> {
    // The connection is the catalog's: its owner closes it.
  }

  private read(barcode: string): Item | undefined {
    const row = this.q.byKey.get(barcodeKey(barcode)) as ItemRow | undefined;
    return row && itemOf(row);
  }

  /**
   * Writes `change(current)` only if the stored item is still at `ifVersion`. better-sqlite3 runs
   * this whole method without yielding, and the UPDATE's version condition guards against another
   * connection (another process on the same file) writing in between.
   */
  private compareAndSet(
    barcode: string,
    ifVersion: number,
    change: (current: Item) => Item,
  ): Item | undefined {
    const current = this.read(barcode);
    if (!current) return undefined;
    if (current.version !== ifVersion) throw versionConflict(current, ifVersion);
    const next = change(current);
    if (!this.replace(next, ifVersion)) {
      const now = this.read(barcode);
      if (!now) return undefined;
      throw versionConflict(now, ifVersion);
    }
    return next;
  }

  private replace(item: Item, ifVersion: number): boolean {
    return this.q.replace.run({ ...itemRow(item), ...loanColumns(item), ifVersion }).changes === 1;
  }

  private loadOne(
    loaded: NewItem,
    key: string,
    at: string,
    by: string,
    known: Map<string, Item>,
  ): ItemLoadOutcome {
    const current = known.get(key);
    if (!current) {
      const item = createdItem(loaded, at, by);
      this.q.insertValues.run(itemValues(item));
      known.set(key, item);
      return { barcode: item.barcode, outcome: 'created', item };
    }
    const outcome = loadedItem(current, loaded, at, by);
    if (outcome.outcome !== 'unchanged') {
      this.replace(outcome.item, current.version);
      known.set(key, outcome.item);
    }
    return outcome;
  }
}

/** The (record, source) pairs a put replaces by default: a record's embedded holdings of one source. */
function scopeOf(holding: Holding): HoldingsScope[] {
  if (holding.recordId === undefined || holding.source === 'mfhd') return [];
  return [{ recordId: holding.recordId, source: holding.source }];
}

function uniqueScopes(scopes: readonly HoldingsScope[]): HoldingsScope[] {
  const seen = new Map<string, HoldingsScope>();
  for (const s of scopes) seen.set(JSON.stringify([s.recordId, s.source]), s);
  return [...seen.values()];
}

function compareRows(a: ItemRow, b: ItemRow): number {
  return (
    compare(a.library, b.library) ||
    compare(a.shelf, b.shelf) ||
    compare(a.shelf_key, b.shelf_key) ||
    compare(a.barcode_key, b.barcode_key)
  );
}
