import { decodeLoanCursor, dueBound, encodeLoanCursor } from '../loan-order';
import type { ItemPage, LoanQuery } from '../port';
import { itemOf, type ItemRow } from './item-rows';

/** A row of `loansQuery`: the item's row and its due key, the cursor's first half. */
export type LoanRow = ItemRow & { loan_due: string };

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

/** The page of `limit` rows from `loansQuery`'s `limit + 1`, and the cursor after it when more follow. */
export function loansPage(rows: readonly LoanRow[], limit: number): ItemPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const items = page.map(itemOf);
  return rows.length > limit && last
    ? { items, next: encodeLoanCursor({ due: last.loan_due, key: last.barcode_key }) }
    : { items };
}
