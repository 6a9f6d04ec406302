import type { Database } from 'better-sqlite3';
import { StatementCache } from '../../connections/sqlite-kit/statement-cache';
import { barcodeKey } from '../../domain/items/item';
import { decodeCursor } from '../circulation-cursor';
import type { EventQuery } from '../port';
import { ACTIVE_STATUSES_SQL } from './schema';

const LOAN_ROW = `id, item_key, patron_id, returned_at, loan`;
const HOLD_ROW = `id, record_id, item_key, patron_id, status, placed_at, shelf_expires_at, not_needed_after, version, hold`;
const NEWEST_LOANS = `ORDER BY returned_at DESC, id DESC LIMIT ?`;

/** The statements every store call uses, prepared once per connection. */
export function prepareCirculationStatements(db: Database) {
  return {
    putLoan: db.prepare(
      `INSERT INTO closed_loans (${LOAN_ROW}) VALUES (@id, @item_key, @patron_id, @returned_at, @loan)
       ON CONFLICT(id) DO UPDATE SET item_key = excluded.item_key, patron_id = excluded.patron_id,
         returned_at = excluded.returned_at, loan = excluded.loan`,
    ),
    loan: db.prepare(`SELECT loan FROM closed_loans WHERE id = ?`),
    // Each list with and without a cursor: a seek to the cursor, never an offset.
    loansOfPatron: db.prepare(`SELECT ${LOAN_ROW} FROM closed_loans WHERE patron_id = ? ${NEWEST_LOANS}`),
    loansOfPatronAfter: db.prepare(
      `SELECT ${LOAN_ROW} FROM closed_loans WHERE patron_id = ? AND (returned_at, id) < (?, ?) ${NEWEST_LOANS}`,
    ),
    loansOfItem: db.prepare(`SELECT ${LOAN_ROW} FROM closed_loans WHERE item_key = ? ${NEWEST_LOANS}`),
    loansOfItemAfter: db.prepare(
      `SELECT ${LOAN_ROW} FROM closed_loans WHERE item_key = ? AND (returned_at, id) < (?, ?) ${NEWEST_LOANS}`,
    ),
    insertHold: db.prepare(
      `INSERT INTO holds (${HOLD_ROW}) VALUES (@id, @record_id, @item_key, @patron_id, @status, @placed_at,
         @shelf_expires_at, @not_needed_after, @version, @hold)`,
    ),
    hold: db.prepare(`SELECT hold FROM holds WHERE id = ?`),
    // The compare-and-set: it writes only over the version it was computed from.
    replaceHold: db.prepare(
      `UPDATE holds SET record_id = @record_id, item_key = @item_key, patron_id = @patron_id, status = @status,
         placed_at = @placed_at, shelf_expires_at = @shelf_expires_at, not_needed_after = @not_needed_after,
         version = @version, hold = @hold
       WHERE id = @id AND version = @ifVersion`,
    ),
    // The condition repeated word for word from the partial index, so SQLite uses it.
    queue: db.prepare(
      `SELECT hold FROM holds WHERE record_id = ? AND ${ACTIVE_STATUSES_SQL} ORDER BY placed_at, id`,
    ),
    activeHoldOf: db.prepare(
      `SELECT hold FROM holds WHERE patron_id = ? AND record_id = ? AND ${ACTIVE_STATUSES_SQL}`,
    ),
    holdsOfPatron: db.prepare(`SELECT hold, status FROM holds WHERE patron_id = ? ORDER BY placed_at, id`),
    // Each rule walks its own partial index; the two are few and merged in queue order.
    expiring: db.prepare(
      `SELECT hold, placed_at, id FROM holds WHERE status = 'on-hold-shelf' AND shelf_expires_at < ?
       UNION ALL
       SELECT hold, placed_at, id FROM holds WHERE status = 'waiting' AND not_needed_after < ?
       ORDER BY placed_at, id LIMIT ?`,
    ),
    event: db.prepare(`SELECT event FROM circulation_events WHERE id = ?`),
    appendEvent: db.prepare(
      `INSERT INTO circulation_events (id, at, patron_id, item_key, loan_id, kind, event)
       VALUES (@id, @at, @patron_id, @item_key, @loan_id, @kind, @event) ON CONFLICT(id) DO NOTHING`,
    ),
    // Unlinking rewrites the JSON with the column; a hold's version moves, as on every change of
    // it, so a compare-and-set computed before the unlink cannot write the patron back.
    unlinkLoans: db.prepare(
      `UPDATE closed_loans SET patron_id = NULL, loan = json_remove(loan, '$.patronId') WHERE patron_id = ?`,
    ),
    unlinkHolds: db.prepare(
      `UPDATE holds SET patron_id = NULL, version = version + 1,
         hold = json_set(json_remove(hold, '$.patronId'), '$.version', version + 1)
       WHERE patron_id = ?`,
    ),
    unlinkLoanEvents: db.prepare(
      `UPDATE circulation_events SET patron_id = NULL, event = json_remove(event, '$.patronId')
       WHERE loan_id = ? AND patron_id IS NOT NULL`,
    ),
    unlinkEvents: db.prepare(
      `UPDATE circulation_events SET patron_id = NULL, event = json_remove(event, '$.patronId') WHERE patron_id = ?`,
    ),
    putIntent: db.prepare(
      `INSERT INTO circulation_intents (id, started_at, intent) VALUES (@id, @started_at, @intent)
       ON CONFLICT(id) DO UPDATE SET started_at = excluded.started_at, intent = excluded.intent`,
    ),
    pendingIntents: db.prepare(
      `SELECT intent FROM circulation_intents WHERE started_at < ? ORDER BY started_at, id`,
    ),
    deleteIntent: db.prepare(`DELETE FROM circulation_intents WHERE id = ?`),
    events: new StatementCache(db, 64),
  };
}

export type CirculationStatements = ReturnType<typeof prepareCirculationStatements>;

/**
 * An event list's SQL and parameters: each filter a condition on an indexed column, the page
 * after the cursor by row-value comparison (keyset), newest first, one more than the limit to
 * know whether there is a next page.
 */
export function eventsQuery(query: EventQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]): void => {
    where.push(condition);
    params.push(...values);
  };
  if (query.patronId !== undefined) add(`patron_id = ?`, query.patronId);
  if (query.itemBarcode !== undefined) add(`item_key = ?`, barcodeKey(query.itemBarcode));
  if (query.loanId !== undefined) add(`loan_id = ?`, query.loanId);
  if (query.kinds !== undefined) add(`kind IN (SELECT value FROM json_each(?))`, JSON.stringify(query.kinds));
  if (query.from !== undefined) add(`at >= ?`, query.from);
  if (query.to !== undefined) add(`at < ?`, query.to);
  if (query.after !== undefined) {
    const { at, id } = decodeCursor('events', query.after);
    add(`(at, id) < (?, ?)`, at, id);
  }
  const sql =
    `SELECT id, at, event FROM circulation_events ` +
    `${where.length ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY at DESC, id DESC LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}
