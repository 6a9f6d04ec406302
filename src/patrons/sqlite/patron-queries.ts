import type { Database } from 'better-sqlite3';
import { patronBarcodeKey, patronNameKey } from '../../domain/patrons/patron';
import { decodePatronCursor } from '../patron-cursor';
import { patronEmailKey, prefixUpperBound } from '../patron-keys';
import type { PatronQuery } from '../port';

const ROW = `id, barcode_key, name_key, email_key, version, patron`;

/** The statements every store call uses, prepared once per connection. */
export function preparePatronStatements(db: Database) {
  return {
    byId: db.prepare(`SELECT ${ROW} FROM patrons WHERE id = ?`),
    byBarcodeKey: db.prepare(`SELECT ${ROW} FROM patrons WHERE barcode_key = ?`),
    insert: db.prepare(
      `INSERT INTO patrons (${ROW}) VALUES (@id, @barcode_key, @name_key, @email_key, @version, @patron)`,
    ),
    // The compare-and-set: it writes only over the version the new patron was computed from.
    replace: db.prepare(
      `UPDATE patrons SET barcode_key = @barcode_key, name_key = @name_key, email_key = @email_key,
         version = @version, patron = @patron
       WHERE id = @id AND version = @ifVersion`,
    ),
    // Anonymised patrons have no barcode key: counting the unique index's entries counts the others.
    count: db.prepare(`SELECT count(*) AS n FROM patrons WHERE barcode_key IS NOT NULL`),
  };
}

export type PatronStatements = ReturnType<typeof preparePatronStatements>;

/**
 * `find`'s SQL and parameters. Each filter is a condition on an indexed column: the barcode and
 * email by equality, the name prefix as a range on `patrons_name` (not LIKE, which would not use
 * it); the page starts after the cursor's (name key, id) by row-value comparison, so paging is by
 * key, never by offset.
 */
export function findQuery(query: PatronQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]): void => {
    where.push(condition);
    params.push(...values);
  };
  // Never found by name or email once anonymised, whatever includeAnonymised says (the port).
  const liveOnly = !query.includeAnonymised || query.namePrefix !== undefined || query.email !== undefined;
  if (liveOnly) add(`barcode_key IS NOT NULL`);
  if (query.barcode !== undefined) add(`barcode_key = ?`, patronBarcodeKey(query.barcode));
  if (query.email !== undefined) add(`email_key = ?`, patronEmailKey(query.email));
  if (query.namePrefix !== undefined) {
    const prefix = patronNameKey(query.namePrefix);
    const bound = prefixUpperBound(prefix);
    add(`name_key >= ?`, prefix);
    if (bound !== undefined) add(`name_key < ?`, bound);
  }
  if (query.after !== undefined) {
    const after = decodePatronCursor(query.after);
    add(`(name_key, id) > (?, ?)`, after.nameKey, after.id);
  }
  const sql =
    `SELECT ${ROW} FROM patrons ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
    `ORDER BY name_key, id LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}
