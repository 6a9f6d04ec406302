import type { LoanOverride } from '../domain/circulation/loan';
import { settleRefusals, type Refusal } from '../domain/circulation/refusal';
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
  const codes = settleRefusals(refusals, override && { reason: override.reason });
  if (codes.length === 0) return undefined;
  const named = override?.codes;
  if (named && named.length > 0) {
    const unnamed = refusals.filter((r) => !named.includes(r.code));
    if (unnamed.length > 0) settleRefusals(unnamed);
  }
  return withoutUndefined({ codes, reason: override!.reason.trim(), at, by });
}
