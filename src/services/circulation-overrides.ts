import type { LoanOverride } from '../domain/circulation/loan';
import { AppError } from '../errors/app-error';
import type { Refusal } from './circulation-decisions';
import { withoutUndefined } from './circulation-context';

/** What staff send to lend (or renew) despite refusals: the codes they override, and why. */
export interface OverrideRequest {
  reason: string;
  codes: readonly string[];
}

/**
 * Lets an operation go ahead past its refusals only when every one is named in the override and
 * may be overridden; the override to record on the loan, or undefined when nothing was refused.
 * A refusal nobody may override comes first (`checkout_override_refused` when the override named
 * it, the refusal itself when not); then the first overridable one the override did not name.
 */
export function applyOverride(
  refusals: readonly Refusal[],
  override: OverrideRequest | undefined,
  at: string,
  by: string | undefined,
): LoanOverride | undefined {
  if (refusals.length === 0) return undefined;
  const asked = new Set(override?.codes ?? []);
  const fixed = refusals.filter((r) => !r.overridable);
  const namedFixed = fixed.filter((r) => asked.has(r.code));
  if (namedFixed.length > 0) {
    throw new AppError(
      'checkout_override_refused',
      `${namedFixed.map((r) => r.code).join(', ')} cannot be overridden: ${namedFixed[0]!.message}`,
      { codes: namedFixed.map((r) => r.code), refusals: refusals.map(summary) },
    );
  }
  const standing = [...fixed, ...refusals.filter((r) => r.overridable && !asked.has(r.code))];
  if (standing.length > 0) throw refusalError(standing[0]!, refusals);
  return withoutUndefined({ codes: refusals.map((r) => r.code), reason: override!.reason, at, by });
}

/** The refusal as an error; `refusals` in the details lists every one, so the desk sees them all at once. */
export function refusalError(refusal: Refusal, all: readonly Refusal[]): AppError {
  return new AppError(refusal.code, refusal.message, {
    ...refusal.details,
    refusals: all.map(summary),
  });
}

function summary(r: Refusal): { code: string; overridable: boolean; message: string } {
  return { code: r.code, overridable: r.overridable, message: r.message };
}
