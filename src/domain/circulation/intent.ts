import type { ItemStatus } from '../items/item-status';
import type { TrappedHold } from './hold';
import type { Loan } from './loan';

/**
 * A circulation operation written down before its steps run, so one cut short by a crash is
 * finished (or undone) by whoever finds it next (docs/circulation.md, crash safety). Backends
 * without multi-document transactions (MongoDB, FerretDB) need it; on the embedded default the
 * operation and its intent commit in one transaction, so none is ever found pending there.
 */
export type CirculationIntent = CheckoutIntent | CheckinIntent;

interface IntentBase {
  /** The loan's id: one operation per loan at a time. */
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
