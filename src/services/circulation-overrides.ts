import type { LoanOverride } from '../domain/circulation/loan';
import {
  OVERRIDABLE_REFUSALS,
  settleRefusals,
  type Refusal,
  type RefusalCode,
} from '../domain/circulation/refusal';
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

/** What a check-out recorded after the fact may pass: the overridable refusals and a blocked patron. */
const RECORDABLE: readonly RefusalCode[] = [...OVERRIDABLE_REFUSALS, 'patron_blocked'];

/**
 * A check-out that already happened (the bookmobile's, offline): its refusals are written on the
 * loan as an override with `reason`, not answered; those about the item's state or a missing rule
 * still stop it (settleRefusals' error). Undefined when nothing was refused.
 */
export function recordRefusals(
  refusals: readonly Refusal[],
  reason: string,
  at: string,
  by: string | undefined,
): LoanOverride | undefined {
  const fixed = refusals.filter((r) => !RECORDABLE.includes(r.code));
  if (fixed.length > 0) listed(fixed, () => settleRefusals(fixed));
  if (refusals.length === 0) return undefined;
  return withoutUndefined({ codes: refusals.map((r) => r.code), reason, at, by });
}
