import type { TrappedHold } from '../../domain/circulation/hold';
import { compactLoan } from '../../domain/circulation/loan';
import {
  barcodeKey,
  type Holding,
  type Item,
  type ItemCallNumber,
  type NewItem,
  type StatusChange,
} from '../../domain/items/item';
import { dueKey } from '../loan-order';
import type { CallNumberDoc, HistoryDoc, HoldingDoc, ItemDoc, TrappedHoldDoc } from './item.schema';

/**
 * Documents ↔ domain values. What an item becomes on a write is decided by the shared functions
 * (src/items/item-changes.ts); this only stores it. Optional fields are left out rather than
 * stored as null, and read back only when present: an item reads back exactly as it was written,
 * as it does from the SQLite store.
 */
export function toItem(doc: ItemDoc): Item {
  return {
    barcode: doc.barcode,
    recordId: doc.recordId,
    ...(present(doc.holdingId) && { holdingId: doc.holdingId }),
    location: { library: doc.library, shelf: doc.shelf },
    ...(present(doc.callNumber) && { callNumber: callNumberDoc(doc.callNumber) }),
    itemType: doc.itemType,
    status: doc.status,
    notForLoan: doc.notForLoan,
    publicNotes: [...(doc.publicNotes ?? [])],
    staffNotes: [...(doc.staffNotes ?? [])],
    source: doc.source,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    history: (doc.history ?? []).map(historyDoc),
    ...(present(doc.loan) && { loan: compactLoan(doc.loan) }),
    ...(present(doc.trappedHold) && { trappedHold: trappedHoldOf(doc.trappedHold) }),
  };
}

/** The whole document of an item: what a compare-and-set replaces and an insert adds. */
export function itemDoc(item: Item): ItemDoc {
  return {
    _id: barcodeKey(item.barcode),
    barcode: item.barcode,
    recordId: item.recordId,
    ...(present(item.holdingId) && { holdingId: item.holdingId }),
    library: item.location.library,
    shelf: item.location.shelf,
    shelfKey: item.callNumber?.shelfKey ?? '',
    ...(present(item.callNumber) && { callNumber: callNumberDoc(item.callNumber) }),
    itemType: item.itemType,
    status: item.status,
    notForLoan: item.notForLoan,
    publicNotes: [...item.publicNotes],
    staffNotes: [...item.staffNotes],
    source: item.source,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    history: item.history.map(historyDoc),
    ...(present(item.loan) && { loan: compactLoan(item.loan), loanDue: dueKey(item.loan.dueAt) }),
    ...(present(item.trappedHold) && { trappedHold: trappedHoldOf(item.trappedHold) }),
  };
}

export function toHolding(doc: HoldingDoc): Holding {
  return {
    id: doc._id,
    ...(present(doc.recordId) && { recordId: doc.recordId }),
    ...(present(doc.linksTo) && { linksTo: doc.linksTo }),
    location: { library: doc.library, shelf: doc.shelf },
    ...(present(doc.callNumber) && { callNumber: callNumberDoc(doc.callNumber) }),
    publicNotes: [...(doc.publicNotes ?? [])],
    staffNotes: [...(doc.staffNotes ?? [])],
    source: doc.source,
    updatedAt: doc.updatedAt,
    ...(present(doc.waitingItems) && { waitingItems: JSON.parse(doc.waitingItems) as NewItem[] }),
  };
}

export function holdingDoc(holding: Holding): HoldingDoc {
  return {
    _id: holding.id,
    ...(present(holding.recordId) && { recordId: holding.recordId }),
    ...(present(holding.linksTo) && { linksTo: holding.linksTo }),
    library: holding.location.library,
    shelf: holding.location.shelf,
    ...(present(holding.callNumber) && { callNumber: callNumberDoc(holding.callNumber) }),
    publicNotes: [...holding.publicNotes],
    staffNotes: [...holding.staffNotes],
    source: holding.source,
    updatedAt: holding.updatedAt,
    ...(holding.waitingItems?.length && { waitingItems: JSON.stringify(holding.waitingItems) }),
  };
}

/** The same shape both ways (a call number is stored as it is): only absent parts are dropped. */
function callNumberDoc(callNumber: ItemCallNumber | CallNumberDoc): ItemCallNumber {
  return {
    value: callNumber.value,
    scheme: callNumber.scheme,
    ...(present(callNumber.prefix) && { prefix: callNumber.prefix }),
    ...(present(callNumber.volume) && { volume: callNumber.volume }),
    ...(present(callNumber.copy) && { copy: callNumber.copy }),
    shelfKey: callNumber.shelfKey,
  };
}

function historyDoc(change: StatusChange | HistoryDoc): StatusChange {
  return {
    ...(present(change.from) && { from: change.from }),
    to: change.to,
    at: change.at,
    ...(present(change.by) && { by: change.by }),
    ...(present(change.reason) && { reason: change.reason }),
  };
}

function trappedHoldOf(hold: TrappedHold | TrappedHoldDoc): TrappedHold {
  return {
    holdId: hold.holdId,
    patronId: hold.patronId,
    pickupLibrary: hold.pickupLibrary,
    ...(present(hold.shelfExpiresAt) && { shelfExpiresAt: hold.shelfExpiresAt }),
  };
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
