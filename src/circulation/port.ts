import type { CirculationEvent, CirculationEventKind } from '../domain/circulation/circulation-event';
import type { Hold, HoldStatus } from '../domain/circulation/hold';
import type { CirculationIntent } from '../domain/circulation/intent';
import type { Loan } from '../domain/circulation/loan';

/**
 * Circulation's own records beside the items and patrons: closed loans (the loan history), holds,
 * the event log and the intents of operations in flight. Open loans live on their items
 * (`Item.loan`, the item store). Adapters: sqlite/, mongo/. Every write touches one document and is
 * idempotent or a compare-and-set, so the steps of an operation can be repeated after a crash
 * (docs/circulation.md). Domain types only.
 */
export interface CirculationStore {
  // The loan history: loans that came back.
  /** Writes a closed loan (`returnedAt` set) by id; the same loan again replaces it (idempotent). */
  putClosedLoan(loan: Loan): Promise<void>;
  closedLoan(id: string): Promise<Loan | undefined>;
  /** A patron's closed loans still linked to them, newest return first. */
  closedLoansOfPatron(patronId: string, page: Page): Promise<Paged<Loan>>;
  /** An item's closed loans, newest return first (patron ids only where still linked). */
  closedLoansOfItem(itemBarcode: string, page: Page): Promise<Paged<Loan>>;

  // Holds.
  /**
   * Places a hold at version 1; `hold_exists` (details: the hold's `id`) for the same id. One
   * active hold per patron per record, kept by the store itself (a unique key), so requests racing
   * each other cannot both place one: `hold_already_placed` (details: the active hold's `id` and
   * `recordId`) for a second, on the record or on any of its items. Holds without a patron (unlinked)
   * never clash.
   */
  createHold(hold: Omit<Hold, 'version' | 'updatedAt'>, at: string): Promise<Hold>;
  hold(id: string): Promise<Hold | undefined>;
  /**
   * The active holds (waiting, in transit, on the hold shelf) that an item of this record could
   * fill: record-level ones and item-level ones on any of its items, in queue order (placedAt, id).
   */
  holdQueue(recordId: string): Promise<Hold[]>;
  /** A patron's holds, active first then ended, each in placedAt order; ended ones only when asked. */
  holdsOfPatron(patronId: string, options?: { includeEnded?: boolean }): Promise<Hold[]>;
  /**
   * Changes a hold if still at `ifVersion`: version + 1. `fields` may set status, trappedItem,
   * shelfExpiresAt, endedAt, reason, pickupLibrary, notNeededAfter (`null` removes). Undefined when
   * unknown; `version_conflict` (`details.current`: the hold as it now is) when it moved on;
   * `hold_already_placed` when it would make a second active hold of its patron on its record.
   */
  updateHold(id: string, fields: HoldFields, ifVersion: number, at: string): Promise<Hold | undefined>;
  /**
   * Holds due to expire on `today` (YYYY-MM-DD): on the hold shelf with shelfExpiresAt before it,
   * or waiting with notNeededAfter before it; in placedAt order, at most `limit`.
   */
  expiringHolds(today: string, limit: number): Promise<Hold[]>;

  // The event log.
  /** Appends an event; one with an id already there is ignored (a repeated step). */
  appendEvent(event: CirculationEvent): Promise<void>;
  /** One event by its id (a step's own, or one its caller named: an offline file's line). */
  event(id: string): Promise<CirculationEvent | undefined>;
  /** Newest first, filtered, paged by an opaque cursor. */
  events(query: EventQuery): Promise<Paged<CirculationEvent>>;

  // Privacy.
  /**
   * Unlinks a patron from every closed loan, hold and event (anonymisation): removes `patronId`,
   * keeps the rest. Returns how many documents changed. Idempotent.
   */
  unlinkPatron(patronId: string): Promise<number>;
  /**
   * Unlinks the patron from one returned loan's events (check-out, renewals): what check-in does
   * when the patron keeps no history, so the event log keeps who lent it (the key), when and what,
   * never who borrowed it. Returns how many events changed. Idempotent.
   */
  unlinkLoan(loanId: string): Promise<number>;

  // Operations in flight (crash safety).
  putIntent(intent: CirculationIntent): Promise<void>;
  /** Intents started before `startedBefore` (ISO 8601), oldest first: the ones a crash left. */
  pendingIntents(startedBefore: string): Promise<CirculationIntent[]>;
  /** Idempotent. */
  deleteIntent(id: string): Promise<void>;

  close(): Promise<void>;
}

export type HoldFields = {
  status?: HoldStatus;
  pickupLibrary?: string;
  trappedItem?: string | null;
  shelfExpiresAt?: string | null;
  notNeededAfter?: string | null;
  endedAt?: string | null;
  reason?: string | null;
};

export interface Page {
  limit: number;
  /** From a previous page's `next`; `invalid_parameter` (details naming `cursor`) for one not ours. */
  after?: string;
}

export interface Paged<T> {
  entries: T[];
  next?: string;
}

export interface EventQuery extends Page {
  patronId?: string;
  itemBarcode?: string;
  loanId?: string;
  kinds?: readonly CirculationEventKind[];
  /** ISO 8601 bounds on `at`: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}
