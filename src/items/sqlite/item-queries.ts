import type { Database } from 'better-sqlite3';
import { StatementCache } from '../../connections/sqlite-kit/statement-cache';
import type { ItemQuery } from '../port';
import { decodeCursor, type ListPosition } from './item-rows';

const ROW = `barcode_key, record_id, library, shelf, shelf_key, status, item_type, version, item`;
const SHELF_ORDER = `library, shelf, shelf_key, barcode_key`;

/** The statements every store call uses, prepared once per connection. */
export function prepareItemStatements(db: Database) {
  return {
    byKey: db.prepare(`SELECT ${ROW} FROM items WHERE barcode_key = ?`),
    // A load's known barcodes in one statement: the keys as one JSON array (no limit on their number).
    byKeys: db.prepare(`SELECT ${ROW} FROM items WHERE barcode_key IN (SELECT value FROM json_each(?))`),
    forRecord: db.prepare(`SELECT ${ROW} FROM items WHERE record_id = ? ORDER BY ${SHELF_ORDER}`),
    insert: db.prepare(
      `INSERT INTO items (${ROW}) VALUES (@barcode_key, @record_id, @library, @shelf, @shelf_key, @status, @item_type, @version, @item)`,
    ),
    // The same with positional values (itemValues): a load inserts thousands, and binding by name costs more.
    insertValues: db.prepare(`INSERT INTO items (${ROW}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // The compare-and-set: it writes only the version it was computed from.
    replace: db.prepare(
      `UPDATE items SET record_id = @record_id, library = @library, shelf = @shelf, shelf_key = @shelf_key,
         status = @status, item_type = @item_type, version = @version, item = @item,
         loan_patron = @loan_patron, loan_due = @loan_due, loan_library = @loan_library
       WHERE barcode_key = @barcode_key AND version = @ifVersion`,
    ),
    // Walks items_loan_id: `= ?` implies the index's IS NOT NULL.
    withLoan: db.prepare(`SELECT ${ROW} FROM items WHERE json_extract(item, '$.loan.id') = ?`),
    // Walks items_loan_patron: `loan_patron = ?` implies the index's condition.
    onLoanTo: db.prepare(`SELECT ${ROW} FROM items WHERE loan_patron = ? ORDER BY loan_due, barcode_key`),
    before: db.prepare(
      `SELECT ${ROW} FROM items WHERE library = ? AND shelf = ? AND shelf_key <> '' AND shelf_key < ?
       ORDER BY shelf_key DESC, barcode_key DESC LIMIT ?`,
    ),
    atOrAfter: db.prepare(
      `SELECT ${ROW} FROM items WHERE library = ? AND shelf = ? AND shelf_key <> '' AND shelf_key >= ?
       ORDER BY shelf_key, barcode_key LIMIT ?`,
    ),
    count: db.prepare(`SELECT count(*) AS n FROM items`),
    putHolding: db.prepare(
      `INSERT INTO holdings (id, record_id, links_to, source, holding) VALUES (@id, @record_id, @links_to, @source, @holding)
       ON CONFLICT(id) DO UPDATE SET record_id = excluded.record_id, links_to = excluded.links_to,
         source = excluded.source, holding = excluded.holding`,
    ),
    holdingIdsOf: db.prepare(`SELECT id FROM holdings WHERE record_id = ? AND source = ?`),
    deleteHolding: db.prepare(`DELETE FROM holdings WHERE id = ?`),
    holdingsFor: db.prepare(`SELECT holding FROM holdings WHERE record_id = ? ORDER BY id`),
    unlinked: db.prepare(`SELECT holding FROM holdings WHERE record_id IS NULL AND links_to = ? ORDER BY id`),
    lists: new StatementCache(db, 64),
  };
}

export type ItemStatements = ReturnType<typeof prepareItemStatements>;

/**
 * A list query's SQL and parameters, for at most one status (the store runs one per status and
 * merges: each then reads its rows in index order, where `status IN (…)` would sort every match).
 * Filters become conditions on indexed columns; the page starts after the cursor's position by
 * row-value comparison, so paging is by key, never by offset, and an item added or removed behind
 * the cursor neither repeats nor skips one ahead of it.
 */
export function listQuery(query: ItemQuery, status?: string): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]): void => {
    where.push(condition);
    params.push(...values);
  };
  // items_status holds only items not available (schema.ts): its condition, repeated word for word,
  // lets SQLite use it; available ones are most of a location, found walking items_shelf.
  const byStatusIndex = status !== undefined && status !== 'available';
  if (status !== undefined) add(`status = ?`, status);
  if (byStatusIndex) add(`status <> 'available'`);
  const fixed = fixedColumns(query);
  fixed.forEach(([column, value]) => add(`${column} = ?`, value));
  // Both given: both apply (a location of another library lists nothing).
  if (query.location && query.library !== undefined) add(`library = ?`, query.library);
  if (query.itemType !== undefined) add(`item_type = ?`, query.itemType);
  if (query.shelfKeyFrom !== undefined) add(`shelf_key >= ?`, query.shelfKeyFrom);
  if (query.shelfKeyTo !== undefined) add(`shelf_key < ?`, query.shelfKeyTo);
  if (query.after !== undefined) {
    const after = afterCondition(decodeCursor(query.after), fixed);
    if (after) add(after.condition, ...after.values);
  }
  const sql =
    // Without statistics SQLite may pick items_shelf for a status in a location, and then step
    // over every item of another status; items_status seeks to (status, location, cursor).
    `SELECT ${ROW} FROM items ${byStatusIndex ? 'INDEXED BY items_status ' : ''}` +
    `${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
    `ORDER BY ${SHELF_ORDER} LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}

type Column = 'library' | 'shelf';

/** The leading sort columns an equality filter fixes. */
function fixedColumns(query: ItemQuery): [Column, string][] {
  if (query.location)
    return [
      ['library', query.location.library],
      ['shelf', query.location.shelf],
    ];
  if (query.library !== undefined) return [['library', query.library]];
  return [];
}

/**
 * "After the cursor" on the sort columns the filters leave free, so that SQLite seeks the index
 * to the cursor instead of reading the location from its start on every page. A cursor from
 * another place than the filter's (not one this list made) is read as a position all the same.
 */
function afterCondition(
  position: ListPosition,
  fixed: readonly [Column, string][],
): { condition: string; values: string[] } | undefined {
  const columns = ['library', 'shelf', 'shelf_key', 'barcode_key'];
  for (const [n, [, value]] of fixed.entries()) {
    const at = position[n]!;
    if (at < value) return undefined;
    if (at > value) return { condition: '0', values: [] };
  }
  const free = columns.slice(fixed.length);
  return {
    condition: `(${free.join(', ')}) > (${free.map(() => '?').join(', ')})`,
    values: position.slice(fixed.length),
  };
}
