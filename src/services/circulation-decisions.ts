import type { Hold } from '../domain/circulation/hold';
import { isActiveHold } from '../domain/circulation/hold';
import type { Loan } from '../domain/circulation/loan';
import type { LoanPolicy, LoanRule } from '../domain/circulation/loan-policy';
import type { Item } from '../domain/items/item';
import { isOnShelf } from '../domain/items/item-status';
import { isExpired, type Patron } from '../domain/patrons/patron';
import type { ErrorCode } from '../errors/codes';
import { ON_HOLD_SHELF } from './circulation-context';

/**
 * One reason not to lend (or renew): a code from the error table, a message naming values (never
 * personal data), and whether staff may override it with a reason.
 */
export interface Refusal {
  code: ErrorCode;
  message: string;
  overridable: boolean;
  details?: Record<string, unknown>;
}

export interface CheckoutFacts {
  item: Item;
  patron: Patron;
  rule: LoanRule;
  policy: LoanPolicy;
  /** `YYYY-MM-DD` in the rules' time zone. */
  today: string;
  /** The hold the item is trapped for, when it is and that hold is still active. */
  trappedFor?: Hold;
}

/** Why this patron may not borrow this item now; empty when they may. */
export function checkoutRefusals(facts: CheckoutFacts): Refusal[] {
  const { item, patron, rule, policy, today, trappedFor } = facts;
  const refusals: Refusal[] = [...patronRefusals(patron, today)];
  // On the hold shelf: lendable (to the hold's patron; item_on_hold below for anyone else), and so
  // is an item whose trap outlived its hold (cancelled or expired before the item was released).
  const onHoldShelf = item.status === ON_HOLD_SHELF && (!trappedFor || trappedFor.status === 'on-hold-shelf');
  if (item.loan || !(isOnShelf(item.status) || onHoldShelf)) {
    refusals.push({
      code: 'item_not_available',
      message: `item ${item.barcode} is ${item.status}`,
      overridable: false,
      details: { barcode: item.barcode, status: item.status },
    });
  }
  if (item.notForLoan || !policy.isLoanableType(item.itemType)) {
    refusals.push({
      code: 'item_not_loanable',
      message: `item ${item.barcode} (${item.itemType}) is for use in the library`,
      overridable: true,
      details: { barcode: item.barcode, itemType: item.itemType },
    });
  }
  if (trappedFor && trappedFor.patronId !== patron.id) {
    refusals.push({
      code: 'item_on_hold',
      message: `item ${item.barcode} is held for another patron`,
      overridable: true,
      details: { barcode: item.barcode, holdId: trappedFor.id },
    });
  }
  if (patron.openLoans.length >= rule.maxItems) {
    refusals.push({
      code: 'patron_limit_reached',
      message: `the patron has ${patron.openLoans.length} items on loan; the limit is ${rule.maxItems}`,
      overridable: true,
      details: { openLoans: patron.openLoans.length, maxItems: rule.maxItems },
    });
  }
  return refusals;
}

export interface RenewFacts {
  loan: Loan;
  patron: Patron | undefined;
  rule: LoanRule;
  today: string;
  /** Active holds another patron could fill with this item. */
  waitingHolds: readonly Hold[];
}

/** Why this loan may not be renewed now; empty when it may. */
export function renewRefusals(facts: RenewFacts): Refusal[] {
  const { loan, patron, rule, today, waitingHolds } = facts;
  const refusals: Refusal[] = patron ? patronRefusals(patron, today) : [];
  if (loan.renewals >= rule.renewals) {
    refusals.push({
      code: 'renewal_limit',
      message: `the loan was renewed ${loan.renewals} times; the rules allow ${rule.renewals}`,
      overridable: true,
      details: { renewals: loan.renewals, maxRenewals: rule.renewals },
    });
  }
  const other = waitingHolds.find((h) => h.status === 'waiting' && h.patronId !== loan.patronId);
  if (other) {
    refusals.push({
      code: 'item_on_hold',
      message: `another patron waits for item ${loan.itemBarcode}`,
      overridable: true,
      details: { barcode: loan.itemBarcode, holdId: other.id },
    });
  }
  return refusals;
}

function patronRefusals(patron: Patron, today: string): Refusal[] {
  const refusals: Refusal[] = [];
  if (patron.block) {
    refusals.push({
      code: 'patron_blocked',
      message: `the patron is blocked since ${patron.block.at}`,
      overridable: true,
      details: { blockedAt: patron.block.at },
    });
  }
  if (isExpired(patron, today)) {
    refusals.push({
      code: 'patron_expired',
      message: `the patron's card expired on ${patron.expiry}`,
      overridable: true,
      details: { expiry: patron.expiry },
    });
  }
  return refusals;
}

/** Whether a patron may be given a trapped item: not blocked, card valid, not anonymised. */
export function mayPickUp(patron: Patron | undefined, today: string): boolean {
  return patron !== undefined && !patron.block && !patron.anonymisedAt && !isExpired(patron, today);
}

/**
 * The first waiting hold, in queue order, that this item can fill for a patron who may pick it up:
 * a record-level hold, or one on this very item.
 */
export function firstEligibleHold(
  queue: readonly Hold[],
  item: Item,
  patrons: ReadonlyMap<string, Patron>,
  today: string,
): Hold | undefined {
  return queue.find(
    (hold) =>
      hold.status === 'waiting' &&
      isActiveHold(hold) &&
      (hold.itemBarcode === undefined || hold.itemBarcode.toLowerCase() === item.barcode.toLowerCase()) &&
      hold.patronId !== undefined &&
      mayPickUp(patrons.get(hold.patronId), today),
  );
}

/** Where a returned item goes: the hold shelf here, on its way to another library, or back on its shelf. */
export type Routing =
  | { to: 'on-hold-shelf'; hold: Hold; library: string; shelfExpiresAt: string }
  | { to: 'in-transit'; hold?: Hold; library: string }
  | { to: 'reshelving'; library: string };

/** Check-in's routing: the first eligible hold wins the item; else it goes home. */
export function checkinRouting(
  item: Item,
  here: string,
  hold: Hold | undefined,
  policy: LoanPolicy,
  today: string,
): Routing {
  if (hold) {
    if (hold.pickupLibrary === here)
      return {
        to: 'on-hold-shelf',
        hold,
        library: here,
        shelfExpiresAt: policy.holdShelfExpiry(today, here),
      };
    return { to: 'in-transit', hold, library: hold.pickupLibrary };
  }
  const home = item.location.library;
  return home === here ? { to: 'reshelving', library: here } : { to: 'in-transit', library: home };
}
