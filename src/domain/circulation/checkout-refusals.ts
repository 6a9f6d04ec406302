import { AppError } from '../../errors/app-error';
import type { Item } from '../items/item';
import { isExpired, type Patron } from '../patrons/patron';
import type { Hold } from './hold';
import { couldFill, isWaitingFor } from './hold-queue';
import type { LoanPolicy, LoanRule } from './loan-policy';
import { refusal, type Refusal } from './refusal';

/**
 * Item statuses a copy is lent from: on the shelf, on its way back to it, or on the hold shelf
 * (for the patron it is trapped for). Strings, since `on-hold-shelf` joins the item statuses with
 * the circulation service.
 */
const LENDABLE_STATUSES: readonly string[] = ['available', 'reshelving', 'on-hold-shelf'];

export type CheckoutPatron = Pick<
  Patron,
  'id' | 'patronType' | 'expiry' | 'block' | 'openLoans' | 'anonymisedAt'
>;
export type CheckoutItem = Pick<
  Item,
  'barcode' | 'itemType' | 'status' | 'notForLoan' | 'trappedHold' | 'location'
>;

export interface CheckoutInput {
  patron: CheckoutPatron;
  item: CheckoutItem;
  /** Where it is lent: the item's library, or the bookmobile's. */
  library: string;
  /** `YYYY-MM-DD` in the rules' time zone (policy.dayOf(now)). */
  today: string;
  /** The record's active holds in queue order (CirculationStore.holdQueue). */
  holds: readonly Hold[];
  policy: LoanPolicy;
}

/**
 * Every reason the desk cannot lend this item to this patron now: the patron's (blocked, expired,
 * no rule for the loan, at the rule's limit), then the item's; none means lend it
 * (docs/circulation.md, "Refusals and overrides"). A copy trapped for this patron is theirs to take. Hand the
 * list to settleRefusals with staff's override, if any.
 */
export function checkoutRefusals(input: CheckoutInput): Refusal[] {
  const { patron, item, library, policy } = input;
  const found: Refusal[] = [...patronRefusals(patron, input.today)];
  const rule = ruleOrRefusal(policy, patron.patronType, item.itemType, library, found);
  if (rule && patron.openLoans.length >= rule.maxItems) {
    found.push(
      refusal(
        'patron_limit_reached',
        `the patron has ${patron.openLoans.length} items on loan; ${patron.patronType} patrons may have ${rule.maxItems} (loan rules line ${rule.line ?? '?'})`,
        { onLoan: patron.openLoans.length, limit: rule.maxItems },
      ),
    );
  }
  if (!LENDABLE_STATUSES.includes(item.status))
    found.push(
      refusal('item_not_available', `item ${item.barcode} is ${item.status}, not on the shelf to lend`, {
        barcode: item.barcode,
        status: item.status,
      }),
    );
  const notLoanable = notLoanableRefusal(item, policy);
  if (notLoanable) found.push(notLoanable);
  const held = heldForAnother(item, patron.id, input.holds, input.today);
  if (held) found.push(held);
  return found;
}

/**
 * Blocked (an anonymised patron counts as blocked for good: no one is left to lend to), or the
 * card expired on `today`: what stops a patron whatever the item.
 */
export function patronRefusals(
  patron: Pick<Patron, 'block' | 'expiry' | 'anonymisedAt'>,
  today: string,
): Refusal[] {
  const found: Refusal[] = [];
  if (patron.anonymisedAt)
    found.push(refusal('patron_blocked', 'the patron was anonymised and cannot borrow again'));
  else if (patron.block) found.push(refusal('patron_blocked', 'the patron is blocked'));
  if (isExpired(patron, today))
    found.push(refusal('patron_expired', `the patron's card expired before ${today}`));
  return found;
}

/** The rule for the three values, or a `loan_rule_missing` refusal added to `found`. */
export function ruleOrRefusal(
  policy: LoanPolicy,
  patronType: string,
  itemType: string,
  library: string,
  found: Refusal[],
): LoanRule | undefined {
  try {
    return policy.ruleFor(patronType, itemType, library);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'loan_rule_missing') throw err;
    found.push(refusal('loan_rule_missing', err.message, { patronType, itemType, library }));
    return undefined;
  }
}

function notLoanableRefusal(item: CheckoutItem, policy: LoanPolicy): Refusal | undefined {
  const typeBars = !policy.isLoanableType(item.itemType);
  if (!typeBars && !item.notForLoan) return undefined;
  const why = typeBars
    ? `items of type ${item.itemType} do not circulate`
    : 'its holdings flag it not for loan';
  return refusal('item_not_loanable', `item ${item.barcode} is not for loan: ${why}`, {
    barcode: item.barcode,
    itemType: item.itemType,
    notForLoan: item.notForLoan,
  });
}

/**
 * Trapped for another patron's hold, or asked for by another patron's hold on this very item. A
 * hold on the record (any copy) does not stop the loan of a copy on the shelf: check-in traps the
 * next copy that comes back for it.
 */
function heldForAnother(
  item: CheckoutItem,
  patronId: string,
  holds: readonly Hold[],
  today: string,
): Refusal | undefined {
  const trapped = item.trappedHold;
  const holdId =
    trapped !== undefined
      ? trapped.patronId !== patronId
        ? trapped.holdId
        : undefined
      : holds.find(
          (h) =>
            h.itemBarcode !== undefined &&
            couldFill(h, item.barcode) &&
            isWaitingFor(h, today) &&
            h.patronId !== patronId,
        )?.id;
  if (holdId === undefined) return undefined;
  return refusal('item_on_hold', `item ${item.barcode} is held for another patron (hold ${holdId})`, {
    barcode: item.barcode,
    holdId,
  });
}
