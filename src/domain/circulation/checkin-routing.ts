import type { Item } from '../items/item';
import type { Hold, TrappedHold } from './hold';
import { firstEligibleHold } from './hold-queue';
import type { LoanPolicy } from './loan-policy';

export interface CheckinInput {
  item: Pick<Item, 'barcode' | 'itemType' | 'notForLoan' | 'location' | 'trappedHold'> & { status: string };
  /** Where it is checked in (upper case). */
  library: string;
  /** `YYYY-MM-DD` in the rules' time zone. */
  today: string;
  /**
   * The record's active holds in queue order (CirculationStore.holdQueue), without those of patrons
   * who may not borrow now (blocked, card expired): the service reads patrons, this does not.
   */
  holds: readonly Hold[];
  policy: LoanPolicy;
}

/** What to do with an item handed in: the item's next status and, when trapped, for which hold. */
export type CheckinRouting =
  /** Back on the shelf here, its own library. */
  | { to: 'reshelving' }
  /** Off to `toLibrary`: its home, or the pickup library of `hold`. */
  | { to: 'in-transit'; toLibrary: string; hold?: TrappedHold }
  /** On the hold shelf here, for `hold`, until its `shelfExpiresAt`. */
  | { to: 'on-hold-shelf'; hold: TrappedHold & { shelfExpiresAt: string } };

/**
 * Check-in's decision (docs/circulation.md, "Check-in"). An item already trapped for a hold still
 * active goes on to it: onto the hold shelf at its pickup library, on in transit elsewhere. Else
 * the first eligible hold in the queue traps it (a copy that never circulates traps none); with
 * no hold it is reshelved at home or sent home.
 */
export function checkinRouting(input: CheckinInput): CheckinRouting {
  const { item, library } = input;
  const trapped = item.trappedHold;
  if (trapped && input.holds.some((h) => h.id === trapped.holdId)) {
    const routing = toward(trapped.holdId, trapped.patronId, trapped.pickupLibrary, input);
    // Scanned again on the hold shelf: its days there are not started over.
    if (routing.to === 'on-hold-shelf' && trapped.shelfExpiresAt)
      routing.hold.shelfExpiresAt = trapped.shelfExpiresAt;
    return routing;
  }
  const loanable = !item.notForLoan && input.policy.isLoanableType(item.itemType);
  const hold = loanable ? firstEligibleHold(input.holds, item.barcode, input.today) : undefined;
  if (hold) return toward(hold.id, hold.patronId!, hold.pickupLibrary, input);
  const home = item.location.library.toUpperCase();
  return home === library.toUpperCase() ? { to: 'reshelving' } : { to: 'in-transit', toLibrary: home };
}

function toward(
  holdId: string,
  patronId: string,
  pickupLibrary: string,
  input: CheckinInput,
): CheckinRouting {
  const pickup = pickupLibrary.toUpperCase();
  if (pickup !== input.library.toUpperCase())
    return { to: 'in-transit', toLibrary: pickup, hold: { holdId, patronId, pickupLibrary: pickup } };
  const shelfExpiresAt = input.policy.holdShelfExpiry(input.today, pickup);
  return { to: 'on-hold-shelf', hold: { holdId, patronId, pickupLibrary: pickup, shelfExpiresAt } };
}
