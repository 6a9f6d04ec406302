import {
  locationCode,
  parseLocation,
  type Item,
  type ItemCallNumber,
  type ItemCallNumberScheme,
} from '../domain/items/item';
import type { ItemLocation, NewItem } from '../domain/items/item';
import { detectScheme } from '../domain/items/call-number-scheme';
import { itemCallNumber } from '../domain/items/item-call-number';
import { isCirculationStatus, reasonRequired, type ItemStatus } from '../domain/items/item-status';
import type { LocationDirectory } from '../domain/items/locations';
import { AppError } from '../errors/app-error';
import { excerpt } from '../errors/excerpt';
import type { ItemFields } from '../items/port';

/**
 * What a client sends for an item, checked and brought to the item's own form: barcodes trimmed,
 * locations upper-cased and in the locations file, call numbers with their scheme and shelf key,
 * item types lower-cased, notes trimmed. The HTTP schema refuses most bad input first; these
 * checks are the rules themselves, so a caller without the schema (the CLI, a test) gets them too.
 */
export interface CallNumberInput {
  value: string;
  scheme?: ItemCallNumberScheme;
  prefix?: string;
  volume?: string;
  copy?: string;
}

export interface NewItemInput {
  barcode: string;
  location: string;
  callNumber?: CallNumberInput;
  itemType?: string;
  status?: ItemStatus;
  reason?: string;
  notForLoan?: boolean;
  publicNotes?: string[];
  staffNotes?: string[];
}

/** RFC 7396: a field given replaces, `null` removes; absent fields stay. */
export interface ItemPatchInput {
  location?: string;
  callNumber?: { [K in keyof CallNumberInput]?: CallNumberInput[K] | null } | null;
  itemType?: string;
  notForLoan?: boolean;
  publicNotes?: string[] | null;
  staffNotes?: string[] | null;
}

export const DEFAULT_ITEM_TYPE = 'book';
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Locations an `invalid_location` message names before it points to GET /locations. */

export function newItemFrom(recordId: string, input: NewItemInput, locations: LocationDirectory): NewItem {
  const status = input.status ?? 'available';
  if (isCirculationStatus(status))
    throw invalidItem('status', `an item is ${status} by circulation's doing, never created so`);
  const reason = input.reason?.trim();
  if (reasonRequired(status) && !reason)
    throw invalidItem('reason', `an item created ${status} needs a reason`);
  const item: NewItem = {
    barcode: barcodeFrom(input.barcode),
    recordId,
    location: knownLocation(input.location, locations),
    itemType: itemTypeFrom(input.itemType ?? DEFAULT_ITEM_TYPE),
    status,
    notForLoan: input.notForLoan ?? false,
    publicNotes: notesFrom(input.publicNotes),
    staffNotes: notesFrom(input.staffNotes),
    source: 'api',
  };
  if (input.callNumber) item.callNumber = callNumberFrom(input.callNumber);
  if (reason) item.statusReason = reason;
  return item;
}

/** The item's descriptive fields with the patch merged in (RFC 7396). */
export function patchedFields(item: Item, patch: ItemPatchInput, locations: LocationDirectory): ItemFields {
  const fields = fieldsOf(item);
  if (patch.location !== undefined) fields.location = knownLocation(patch.location, locations);
  if (patch.itemType !== undefined) fields.itemType = itemTypeFrom(patch.itemType);
  if (patch.notForLoan !== undefined) fields.notForLoan = patch.notForLoan;
  if (patch.publicNotes !== undefined) fields.publicNotes = notesFrom(patch.publicNotes ?? []);
  if (patch.staffNotes !== undefined) fields.staffNotes = notesFrom(patch.staffNotes ?? []);
  if (patch.callNumber === null) delete fields.callNumber;
  else if (patch.callNumber !== undefined)
    fields.callNumber = mergedCallNumber(item.callNumber, patch.callNumber);
  return fields;
}

/** The fields `ItemStore.update` replaces, as the item has them now. */
export function fieldsOf(item: Item): ItemFields {
  const fields: ItemFields = {
    location: item.location,
    itemType: item.itemType,
    notForLoan: item.notForLoan,
    publicNotes: item.publicNotes,
    staffNotes: item.staffNotes,
  };
  if (item.callNumber) fields.callNumber = item.callNumber;
  if (item.holdingId !== undefined) fields.holdingId = item.holdingId;
  return fields;
}

/** `LIBRARY/LOCATION` that the locations file lists; `invalid_location` naming the known ones otherwise. */
export function knownLocation(text: string, locations: LocationDirectory): ItemLocation {
  const location = parseLocation(text);
  if (!location) {
    throw new AppError(
      'invalid_location',
      `location ${excerpt(text)} is not LIBRARY/LOCATION (two codes of letters, digits, ".", "_" or "-", like MAIN/STACKS)`,
      { location: text },
    );
  }
  if (!locations.knows(location)) {
    throw new AppError('invalid_location', locations.unlisted(location), {
      location: locationCode(location),
    });
  }
  return location;
}

export function callNumberFrom(input: CallNumberInput): ItemCallNumber {
  const value = input.value.trim();
  if (value === '' || CONTROL.test(value))
    throw invalidItem('callNumber.value', 'a call number needs its class number');
  for (const part of ['prefix', 'volume', 'copy'] as const) {
    if (input[part] !== undefined && CONTROL.test(input[part]))
      throw invalidItem(`callNumber.${part}`, `the ${part} holds a control character`);
  }
  return itemCallNumber({ ...input, value, scheme: input.scheme ?? detectScheme(value) });
}

function mergedCallNumber(
  current: ItemCallNumber | undefined,
  patch: NonNullable<ItemPatchInput['callNumber']>,
): ItemCallNumber {
  const parts: Record<string, string | undefined> = {
    value: current?.value,
    // A new value without a scheme is guessed again: the old scheme was the old value's.
    scheme: patch.value !== undefined && patch.scheme === undefined ? undefined : current?.scheme,
    prefix: current?.prefix,
    volume: current?.volume,
    copy: current?.copy,
  };
  for (const [key, value] of Object.entries(patch)) parts[key] = value ?? undefined;
  if (parts.value === undefined)
    throw invalidItem('callNumber.value', 'the item has no call number: give its value');
  return callNumberFrom(parts as unknown as CallNumberInput);
}

export function barcodeFrom(text: string): string {
  const barcode = text.trim();
  if (barcode === '' || CONTROL.test(barcode))
    throw invalidItem('barcode', 'a barcode is not empty and holds no control characters');
  return barcode;
}

function itemTypeFrom(text: string): string {
  const type = text.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{0,49}$/.test(type))
    throw invalidItem(
      'itemType',
      `item type ${excerpt(text)} is not a code (letters, digits, ".", "_", "-")`,
    );
  return type;
}

function notesFrom(notes: readonly string[] | undefined): string[] {
  return (notes ?? []).map((n) => n.trim()).filter((n) => n !== '');
}

export function invalidItem(field: string, message: string): AppError {
  return new AppError('invalid_item', message, { field });
}
