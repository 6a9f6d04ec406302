import type { LoanOverride } from '../domain/circulation/loan';
import { settleRefusals, type Refusal } from '../domain/circulation/refusal';
import { AppError } from '../errors/app-error';
import { withoutUndefined } from './circulation-context';

/** What staff send to lend (or renew) despite refusals: why, and (optionally) which codes they saw. */
export interface OverrideRequest {
  reason: string;
  /**
   * The refusals staff mean to override. When given, every refusal must be named: an override
   * cannot stretch over a refusal the desk did not see (that one is answered as without override).
   */
  codes?: readonly string[];
}

/**
 * Lets an operation go ahead past its refusals (settleRefusals: none, or all overridable and a
 * reason given); the override to record on the loan, or undefined when nothing was refused.
 */
export function applyOverride(
  refusals: readonly Refusal[],
  override: OverrideRequest | undefined,
  at: string,
  by: string | undefined,
): LoanOverride | undefined {
  const codes = listed(refusals, () => settleRefusals(refusals, override && { reason: override.reason }));
  if (codes.length === 0) return undefined;
  const named = override?.codes;
  if (named && named.length > 0) {
    const unnamed = refusals.filter((r) => !named.includes(r.code));
    if (unnamed.length > 0) listed(unnamed, () => settleRefusals(unnamed));
  }
  return withoutUndefined({ codes, reason: override!.reason.trim(), at, by });
}

/**
 * The refusal error with one `errors[]` item per refusal (its code, message, whether staff may
 * override it, its values): what problem+json shows a client of `details.refusals`.
 */
function listed<T>(refusals: readonly Refusal[], settle: () => T): T {
  try {
    return settle();
  } catch (err) {
    if (!(err instanceof AppError) || !('refusals' in err.details)) throw err;
    const errors = refusals.map((r) => ({
      ...r.details,
      code: r.code,
      message: r.message,
      overridable: r.overridable,
    }));
    throw new AppError(err.code, err.message, { ...err.details, errors });
  }
}
