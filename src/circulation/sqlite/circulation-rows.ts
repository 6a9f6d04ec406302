import type { CirculationEvent } from '../../domain/circulation/circulation-event';
import type { Hold } from '../../domain/circulation/hold';
import type { CirculationIntent } from '../../domain/circulation/intent';
import type { Loan } from '../../domain/circulation/loan';
import { barcodeKey } from '../../domain/items/item';

/**
 * Rows ↔ domain values. The one place each row's columns are derived from its value, so they
 * always say what its JSON says (schema.ts).
 */

export interface ClosedLoanRow {
  id: string;
  item_key: string;
  patron_id: string | null;
  returned_at: string;
  loan: string;
}

export interface HoldRow {
  id: string;
  record_id: string;
  item_key: string | null;
  patron_id: string | null;
  status: string;
  placed_at: string;
  shelf_expires_at: string | null;
  not_needed_after: string | null;
  version: number;
  hold: string;
}

export interface EventRow {
  id: string;
  at: string;
  patron_id: string | null;
  item_key: string | null;
  loan_id: string | null;
  kind: string;
  event: string;
}

export interface IntentRow {
  id: string;
  started_at: string;
  intent: string;
}

export function closedLoanRow(loan: Loan): ClosedLoanRow {
  if (loan.returnedAt === undefined) throw new TypeError(`loan ${loan.id} is not closed: no returnedAt`);
  return {
    id: loan.id,
    item_key: barcodeKey(loan.itemBarcode),
    patron_id: loan.patronId ?? null,
    returned_at: loan.returnedAt,
    loan: JSON.stringify(loan),
  };
}

export function holdRow(hold: Hold): HoldRow {
  return {
    id: hold.id,
    record_id: hold.recordId,
    item_key: hold.itemBarcode === undefined ? null : barcodeKey(hold.itemBarcode),
    patron_id: hold.patronId ?? null,
    status: hold.status,
    placed_at: hold.placedAt,
    shelf_expires_at: hold.shelfExpiresAt ?? null,
    not_needed_after: hold.notNeededAfter ?? null,
    version: hold.version,
    hold: JSON.stringify(hold),
  };
}

export function eventRow(event: CirculationEvent): EventRow {
  return {
    id: event.id,
    at: event.at,
    patron_id: event.patronId ?? null,
    item_key: event.itemBarcode === undefined ? null : barcodeKey(event.itemBarcode),
    loan_id: event.loanId ?? null,
    kind: event.kind,
    event: JSON.stringify(event),
  };
}

export function intentRow(intent: CirculationIntent): IntentRow {
  return { id: intent.id, started_at: intent.startedAt, intent: JSON.stringify(intent) };
}

export const loanOf = (row: Pick<ClosedLoanRow, 'loan'>): Loan => JSON.parse(row.loan) as Loan;
export const holdOf = (row: Pick<HoldRow, 'hold'>): Hold => JSON.parse(row.hold) as Hold;
export const eventOf = (row: Pick<EventRow, 'event'>): CirculationEvent =>
  JSON.parse(row.event) as CirculationEvent;
export const intentOf = (row: Pick<IntentRow, 'intent'>): CirculationIntent =>
  JSON.parse(row.intent) as CirculationIntent;
