import { decodeLoanCursor, dueBound } from '../loan-order';
import type { LoanQuery } from '../port';

type Filter = Record<string, unknown>;

/** Loans' order, the `loan_due` and `loan_library` database indexes' (then `_id`, the barcode key). */
export const LOAN_ORDER = { loanDue: 1, _id: 1 } as const;

/**
 * The filter for one page of `loans`: items with a loan (`loanDue` is there exactly when `loan`
 * is), of the loan's library, due within the window, after the cursor's (due key, barcode key).
 */
export function loansFilter(query: LoanQuery): Filter {
  const due: Filter = { $exists: true };
  if (query.dueFrom !== undefined) due.$gte = dueBound('dueFrom', query.dueFrom);
  if (query.dueBefore !== undefined) due.$lt = dueBound('dueBefore', query.dueBefore);
  const conditions: Filter[] = [{ loanDue: due }];
  if (query.library !== undefined) conditions.push({ 'loan.library': query.library });
  if (query.after !== undefined) {
    const p = decodeLoanCursor(query.after);
    conditions.push({ $or: [{ loanDue: { $gt: p.due } }, { loanDue: p.due, _id: { $gt: p.key } }] });
  }
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}
