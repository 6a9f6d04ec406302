import type { ItemStatus } from '../items/item-status';
import type { CirculationEvent } from './circulation-event';
import type { HoldStatus, TrappedHold } from './hold';
import type { Loan } from './loan';

/**
 * A circulation operation written down before its steps run, so one cut short by a crash is
 * finished (or undone) by whoever finds it next (docs/circulation.md, crash safety). Backends
 * without multi-document transactions (MongoDB, FerretDB) need it; on the embedded default the
 * operation and its intent commit in one transaction, so none is ever found pending there.
 */
export type CirculationIntent =
  CheckoutIntent | CheckinIntent | TrapIntent | ScanIntent | RenewIntent | HoldIntent;

interface IntentBase {
  /** Unique per operation (the loan's id for a check-out, the hold's for a hold placed). */
  id: string;
  /** ISO 8601; recovery leaves younger intents to the process still running them. */
  startedAt: string;
  by?: string;
}

export interface CheckoutIntent extends IntentBase {
  kind: 'checkout';
  loan: Loan;
  /** The item version the check-out was decided on (its compare-and-set). */
  itemVersion: number;
  /** The hold this check-out fulfils (the item was on the hold shelf for this patron). */
  holdId?: string;
}

export interface CheckinIntent extends IntentBase {
  kind: 'checkin';
  loan: Loan;
  itemVersion: number;
  /** What check-in decided: the item's next status and, when trapped, the hold. */
  to: ItemStatus;
  trap?: TrappedHold;
  returnedAt: string;
  /** The check-in event's id when the caller made it (an offline file's line); else `<loan id>:checkin`. */
  eventId?: string;
}

/**
 * A scan at the desk of an item not on loan that traps it for a hold: the hold is written first,
 * then the item, two documents. Recovery finishes it when the item took the trap, else gives the
 * hold back what it had (`before`).
 */
export interface TrapIntent extends IntentBase {
  kind: 'trap';
  itemBarcode: string;
  itemVersion: number;
  /** The item's status before and after. */
  from: ItemStatus;
  to: ItemStatus;
  trap: TrappedHold;
  /** The check-in event's id the caller named (an offline file's line). */
  eventId?: string;
  /** The hold as it was before the scan trapped it. */
  before: { status: HoldStatus; trappedItem?: string; shelfExpiresAt?: string };
}

/**
 * A scan at the desk of an item not on loan that moves it and traps nothing (a missing item found,
 * a copy off the shelf sent home): the item, then its `checkin` event. Recovery appends the event
 * when the item's history shows the move (`from` → `to` at `startedAt`), else drops the intent: the
 * item did not move, and nothing else was written.
 */
export interface ScanIntent extends IntentBase {
  kind: 'scan';
  itemBarcode: string;
  itemVersion: number;
  from: ItemStatus;
  to: ItemStatus;
  /** The check-in event's id the caller named (an offline file's line). */
  eventId?: string;
}

/**
 * A renewal: one compare-and-set on the item, then its event. Recovery appends the event when the
 * item's loan shows the renewal (`loan.renewals`), else drops the intent: it did not happen.
 */
export interface RenewIntent extends IntentBase {
  kind: 'renew';
  /** The loan as renewed. */
  loan: Loan;
  event: CirculationEvent;
}

/** A hold placed: the hold, then its event. Recovery appends the event when the hold is there. */
export interface HoldIntent extends IntentBase {
  kind: 'hold';
  holdId: string;
  event: CirculationEvent;
}
