import { AppError } from '../../errors/app-error';

/**
 * Why the desk cannot lend or renew, each a code of src/errors/codes.ts. Staff may override
 * some with a reason, which the loan records (`Loan.overrides`); the others describe a state no
 * reason makes right: a blocked card, a copy already lent or gone, a rule the library never wrote
 * (docs/circulation.md, "Refusals and overrides").
 */
export const REFUSAL_CODES = [
  'patron_blocked',
  'patron_expired',
  'patron_limit_reached',
  'item_not_available',
  'item_not_loanable',
  'item_on_hold',
  'renewal_limit',
  'loan_rule_missing',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export const OVERRIDABLE_REFUSALS: readonly RefusalCode[] = [
  'patron_expired',
  'patron_limit_reached',
  'item_not_loanable',
  'item_on_hold',
  'renewal_limit',
];

export interface Refusal {
  code: RefusalCode;
  overridable: boolean;
  /** Names the item and values; never a patron's personal data. */
  message: string;
  details: Record<string, string | number | boolean>;
}

export function refusal(
  code: RefusalCode,
  message: string,
  details: Record<string, string | number | boolean> = {},
): Refusal {
  return { code, overridable: OVERRIDABLE_REFUSALS.includes(code), message, details };
}

/** Staff's override: every overridable refusal at once, for the reason given. */
export interface Override {
  reason: string;
}

/**
 * What the desk does with the refusals: none, go ahead; some and no override (or a blank reason),
 * the first refusal's error, naming them all (`details.refusals`); an override, the codes it
 * overrides (for `Loan.overrides`), or `checkout_override_refused` when any cannot be.
 */
export function settleRefusals(refusals: readonly Refusal[], override?: Override): RefusalCode[] {
  const [first] = refusals;
  if (!first) return [];
  const all = refusals.map(({ code, overridable, details }) => ({ code, overridable, ...details }));
  const said = refusals.map((r) => r.message).join('; ');
  if (override === undefined || override.reason.trim() === '')
    throw new AppError(first.code, said, { refusals: all });
  const fixed = refusals.filter((r) => !r.overridable).map((r) => r.code);
  if (fixed.length > 0) {
    throw new AppError('checkout_override_refused', `${fixed.join(', ')} cannot be overridden: ${said}`, {
      codes: fixed,
      refusals: all,
    });
  }
  return refusals.map((r) => r.code);
}
