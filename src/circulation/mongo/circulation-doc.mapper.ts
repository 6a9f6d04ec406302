import type { CirculationEvent } from '../../domain/circulation/circulation-event';
import { isActiveHold, type Hold } from '../../domain/circulation/hold';
import type { CirculationIntent } from '../../domain/circulation/intent';
import { compactLoan, type Loan } from '../../domain/circulation/loan';
import { barcodeKey } from '../../domain/items/item';
import type { ClosedLoanDoc, EventDoc, HoldDoc, IntentDoc } from './circulation.schema';

/**
 * Documents ↔ domain values. Optional fields are left out rather than stored as null, and read
 * back only when present: a value reads back exactly as written, as from the SQLite store.
 */

export function closedLoanDoc(loan: Loan): ClosedLoanDoc {
  if (loan.returnedAt === undefined) throw new TypeError(`loan ${loan.id} is not closed: no returnedAt`);
  const { id, ...rest } = compactLoan(loan);
  return { _id: id, itemKey: barcodeKey(loan.itemBarcode), ...rest, returnedAt: loan.returnedAt };
}

export function toLoan(doc: ClosedLoanDoc): Loan {
  const { _id, itemKey: _itemKey, ...rest } = doc;
  return compactLoan({ id: _id, ...rest });
}

export function holdDoc(hold: Hold): HoldDoc {
  const { id, ...rest } = hold;
  return {
    _id: id,
    ...withoutAbsent(rest),
    ...(present(hold.itemBarcode) && { itemKey: barcodeKey(hold.itemBarcode) }),
    activeKey: activeKeyOf(hold),
  } as HoldDoc;
}

/**
 * A hold's `activeKey` (circulation.schema.ts): the patron and record while the hold is active and
 * linked to its patron, so a unique index allows one such hold per pair; else the hold's own id,
 * unique anyway. Never absent, so the index needs neither a partial filter (FerretDB 1.24 has
 * none) nor sparseness (MongoDB counts absent fields as one null value).
 */
export function activeKeyOf(hold: Pick<Hold, 'id' | 'recordId' | 'patronId' | 'status'>): string {
  return isActiveHold(hold) && present(hold.patronId)
    ? JSON.stringify(['active', hold.patronId, hold.recordId])
    : ownKeyOf(hold.id);
}

/** The `activeKey` of a hold that clashes with none: ended, unlinked from its patron, or a legacy twin. */
export function ownKeyOf(holdId: string): string {
  return JSON.stringify(['hold', holdId]);
}

export function toHold(doc: HoldDoc): Hold {
  const { _id, itemKey: _itemKey, activeKey: _activeKey, ...rest } = doc;
  return { id: _id, ...withoutAbsent(rest) } as Hold;
}

export function eventDoc(event: CirculationEvent): EventDoc {
  const { id, details, ...rest } = event;
  return {
    _id: id,
    ...withoutAbsent(rest),
    ...(present(event.itemBarcode) && { itemKey: barcodeKey(event.itemBarcode) }),
    ...(present(details) && { details: { ...details } }),
  } as EventDoc;
}

export function toEvent(doc: EventDoc): CirculationEvent {
  const { _id, itemKey: _itemKey, ...rest } = doc;
  return { id: _id, ...withoutAbsent(rest) } as CirculationEvent;
}

export function intentDoc(intent: CirculationIntent): IntentDoc {
  return { _id: intent.id, startedAt: intent.startedAt, intent: JSON.stringify(intent) };
}

export function toIntent(doc: IntentDoc): CirculationIntent {
  return JSON.parse(doc.intent) as CirculationIntent;
}

/** A flat copy without null or undefined values. */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => present(v))) as T;
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
