import { decodeLoanCursor, dueBound } from '../loan-order';
import type { LoanQuery } from '../port';

const ROW = `barcode_key, record_id, library, shelf, shelf_key, status, item_type, version, item, loan_due`;

/**
 * One page of `loans`: items on loan in (due key, barcode key) order, walking items_loan_library
 * when a library is given, items_loan_due otherwise. `loan_due IS NOT NULL` is those partial
 * indexes' condition, repeated so that SQLite may use them; the page starts after the cursor by
 * row-value comparison (keyset paging, as `list` does).
 */
export function loansQuery(query: LoanQuery): { sql: string; params: unknown[] } {
  const where = ['loan_due IS NOT NULL'];
  const params: unknown[] = [];
  if (query.library !== undefined) {
    where.push('loan_library = ?');
    params.push(query.library);
  }
  if (query.dueFrom !== undefined) {
    where.push('loan_due >= ?');
    params.push(dueBound('dueFrom', query.dueFrom));
  }
  if (query.dueBefore !== undefined) {
    where.push('loan_due < ?');
    params.push(dueBound('dueBefore', query.dueBefore));
  }
  if (query.after !== undefined) {
    const { due, key } = decodeLoanCursor(query.after);
    where.push('(loan_due, barcode_key) > (?, ?)');
    params.push(due, key);
  }
  const index = query.library !== undefined ? 'items_loan_library' : 'items_loan_due';
  const sql = `SELECT ${ROW} FROM items INDEXED BY ${index} WHERE ${where.join(' AND ')} ORDER BY loan_due, barcode_key LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}
