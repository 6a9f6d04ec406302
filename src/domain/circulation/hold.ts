/**
 * A hold (reservation): a patron waits for a record (any copy) or one item, to be picked up at a
 * library. Holds queue per record in the order placed; check-in traps an item for the first
 * eligible hold (docs/circulation.md).
 */
export const HOLD_STATUSES = [
  /** In the queue, no item yet. */
  'waiting',
  /** An item was trapped at another library and travels to the pickup library. */
  'in-transit',
  /** Trapped, on the hold shelf at the pickup library until `shelfExpiresAt`. */
  'on-hold-shelf',
  /** Checked out to the patron: ended. */
  'fulfilled',
  'cancelled',
  /** Not picked up in time, or no longer needed after `notNeededAfter`: ended. */
  'expired',
] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const ACTIVE_HOLD_STATUSES: readonly HoldStatus[] = ['waiting', 'in-transit', 'on-hold-shelf'];

export function isActiveHold(hold: Pick<Hold, 'status'>): boolean {
  return ACTIVE_HOLD_STATUSES.includes(hold.status);
}

export interface Hold {
  /** A UUID. */
  id: string;
  recordId: string;
  /** Set for a hold on one item; absent for a hold on the record (any copy). */
  itemBarcode?: string;
  /** Absent once the patron is anonymised. */
  patronId?: string;
  /** Library code, upper case. */
  pickupLibrary: string;
  status: HoldStatus;
  /** ISO 8601; the queue's order (then `id`). */
  placedAt: string;
  /** The patron does not want it after this day (`YYYY-MM-DD`): a waiting hold expires then. */
  notNeededAfter?: string;
  /** The item trapped for it (in transit or on the hold shelf). */
  trappedItem?: string;
  /** Last day on the hold shelf (`YYYY-MM-DD`); then the hold expires and the item goes back. */
  shelfExpiresAt?: string;
  /** When it ended (fulfilled, cancelled, expired), and why when cancelled. */
  endedAt?: string;
  reason?: string;
  /** The API key id that placed it. */
  by?: string;
  /** 1 when placed, +1 on every change (compare-and-set). */
  version: number;
  updatedAt: string;
}

/** What an item carries while trapped for a hold (in transit to, or on, the hold shelf). */
export interface TrappedHold {
  holdId: string;
  patronId: string;
  pickupLibrary: string;
  /** Last day on the hold shelf, once there. */
  shelfExpiresAt?: string;
}
