import {
  barcodeKey,
  type Holding,
  type Item,
  type ItemCallNumber,
  type NewItem,
  type StatusChange,
} from '../../domain/items/item';
import type { ItemFields } from '../port';
import type { CallNumberDoc, HistoryDoc, HoldingDoc, ItemDoc } from './item.schema';

/**
 * Documents ↔ domain values. Optional fields are left out rather than stored as null, and read
 * back only when present: a driver hands `null` (or nothing) for a missing field, and an item
 * must read back exactly as it was written, as it does from the SQLite store.
 */
export function toItem(doc: ItemDoc): Item {
  return {
    barcode: doc.barcode,
    recordId: doc.recordId,
    ...(present(doc.holdingId) && { holdingId: doc.holdingId }),
    location: { library: doc.library, shelf: doc.shelf },
    ...(doc.callNumber && { callNumber: toCallNumber(doc.callNumber) }),
    itemType: doc.itemType,
    status: doc.status,
    notForLoan: doc.notForLoan,
    publicNotes: [...(doc.publicNotes ?? [])],
    staffNotes: [...(doc.staffNotes ?? [])],
    source: doc.source,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    history: (doc.history ?? []).map(toChange),
  };
}

/** A new item's document at version 1, its history the status it starts with. */
export function newItemDoc(item: NewItem, at: string, by: string | undefined): ItemDoc {
  const first: StatusChange = {
    to: item.status ?? 'available',
    at,
    ...(by !== undefined && { by }),
    ...(item.statusReason !== undefined && { reason: item.statusReason }),
  };
  return {
    _id: barcodeKey(item.barcode),
    barcode: item.barcode.trim(),
    ...fieldsDoc(item),
    recordId: item.recordId,
    source: item.source,
    status: first.to,
    version: 1,
    createdAt: at,
    updatedAt: at,
    history: [historyDoc(first)],
  };
}

/** The descriptive fields as stored, and which of them are absent (for `$unset`). */
export type FieldsDoc = Pick<
  ItemDoc,
  | 'holdingId'
  | 'library'
  | 'shelf'
  | 'shelfKey'
  | 'callNumber'
  | 'itemType'
  | 'notForLoan'
  | 'publicNotes'
  | 'staffNotes'
>;

export function fieldsDoc(fields: ItemFields): FieldsDoc {
  return {
    ...(present(fields.holdingId) && { holdingId: fields.holdingId }),
    library: fields.location.library,
    shelf: fields.location.shelf,
    shelfKey: fields.callNumber?.shelfKey ?? '',
    ...(fields.callNumber && { callNumber: callNumberDoc(fields.callNumber) }),
    itemType: fields.itemType,
    notForLoan: fields.notForLoan,
    publicNotes: [...fields.publicNotes],
    staffNotes: [...fields.staffNotes],
  };
}

/** `$set` and `$unset` that make a document's descriptive fields these. */
export function fieldsUpdate(fields: ItemFields): { $set: FieldsDoc; $unset?: Record<string, 1> } {
  const $set = fieldsDoc(fields);
  const unset: Record<string, 1> = {};
  if ($set.holdingId === undefined) unset.holdingId = 1;
  if ($set.callNumber === undefined) unset.callNumber = 1;
  return Object.keys(unset).length > 0 ? { $set, $unset: unset } : { $set };
}

export function historyDoc(change: StatusChange): HistoryDoc {
  return {
    ...(change.from !== undefined && { from: change.from }),
    to: change.to,
    at: change.at,
    ...(present(change.by) && { by: change.by }),
    ...(present(change.reason) && { reason: change.reason }),
  };
}

export function toHolding(doc: HoldingDoc): Holding {
  return {
    id: doc._id,
    ...(present(doc.recordId) && { recordId: doc.recordId }),
    ...(present(doc.linksTo) && { linksTo: doc.linksTo }),
    location: { library: doc.library, shelf: doc.shelf },
    ...(doc.callNumber && { callNumber: toCallNumber(doc.callNumber) }),
    publicNotes: [...(doc.publicNotes ?? [])],
    staffNotes: [...(doc.staffNotes ?? [])],
    source: doc.source,
    updatedAt: doc.updatedAt,
  };
}

export function holdingDoc(holding: Holding): HoldingDoc {
  return {
    _id: holding.id,
    ...(present(holding.recordId) && { recordId: holding.recordId }),
    ...(present(holding.linksTo) && { linksTo: holding.linksTo }),
    library: holding.location.library,
    shelf: holding.location.shelf,
    ...(holding.callNumber && { callNumber: callNumberDoc(holding.callNumber) }),
    publicNotes: [...holding.publicNotes],
    staffNotes: [...holding.staffNotes],
    source: holding.source,
    updatedAt: holding.updatedAt,
  };
}

function toChange(doc: HistoryDoc): StatusChange {
  return {
    ...(present(doc.from) && { from: doc.from }),
    to: doc.to,
    at: doc.at,
    ...(present(doc.by) && { by: doc.by }),
    ...(present(doc.reason) && { reason: doc.reason }),
  };
}

function callNumberDoc(callNumber: ItemCallNumber): CallNumberDoc {
  return {
    value: callNumber.value,
    scheme: callNumber.scheme,
    ...(present(callNumber.prefix) && { prefix: callNumber.prefix }),
    ...(present(callNumber.volume) && { volume: callNumber.volume }),
    ...(present(callNumber.copy) && { copy: callNumber.copy }),
    shelfKey: callNumber.shelfKey,
  };
}

function toCallNumber(doc: CallNumberDoc): ItemCallNumber {
  return callNumberDoc(doc);
}

function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
