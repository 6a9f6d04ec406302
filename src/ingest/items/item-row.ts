import type { ItemCallNumberScheme, NewItem } from '../../domain/items/item';
import { parseLocation } from '../../domain/items/item';
import { detectScheme } from '../../domain/items/call-number-scheme';
import { itemCallNumber } from '../../domain/items/item-call-number';
import { isItemStatus, reasonRequired } from '../../domain/items/item-status';
import type { ItemColumns, ItemField } from './item-columns';

/** How a row names its record: by id, or by an identifier the store looks up. */
export interface RecordRef {
  kind: 'id' | 'controlNumber' | 'isbn';
  value: string;
}

/** A row read into an item, waiting for its record to be found. */
export interface ItemCandidate {
  ref: RecordRef;
  item: Omit<NewItem, 'recordId'>;
}

export type RowReading =
  { ok: true; candidate: ItemCandidate } | { ok: false; barcode?: string; reason: string };

const SCHEMES: readonly ItemCallNumberScheme[] = ['lc', 'dewey', 'other'];
const YES = new Set(['1', 'y', 'yes', 'true', 'x']);
const NO = new Set(['', '0', 'n', 'no', 'false']);
const MAX_BARCODE = 100;

type Get = (field: ItemField) => string;

/** One row's values → an item, or why not (the row is rejected, the import goes on). */
export function readItemRow(values: readonly string[], columns: ItemColumns): RowReading {
  const get: Get = (field) => {
    const at = columns.index.get(field);
    return at === undefined ? '' : (values[at] ?? '').trim();
  };
  const barcode = get('barcode');
  if (barcode === '') return { ok: false, reason: 'no barcode' };
  const ref = recordRef(get);
  const problem =
    problemOf(get) ?? (ref ? undefined : 'no record, controlNumber or isbn to find the record by');
  if (problem !== undefined || !ref) return { ok: false, barcode, reason: problem ?? '' };
  return { ok: true, candidate: { ref, item: itemOf(get) } };
}

/** What makes the row unloadable, checked in the order a person fixing it reads the row. */
function problemOf(get: Get): string | undefined {
  const barcode = get('barcode');
  if (barcode.length > MAX_BARCODE || /[\u0000-\u001f\u007f]/.test(barcode))
    return `barcode is longer than ${MAX_BARCODE} characters or holds control characters`;
  if (!parseLocation(get('location')))
    return `bad location "${get('location')}": write LIBRARY/LOCATION (MAIN/STACKS)`;
  const scheme = get('scheme').toLowerCase();
  if (scheme !== '' && !SCHEMES.includes(scheme as ItemCallNumberScheme))
    return `bad scheme "${scheme}": use ${SCHEMES.join(', ')}`;
  const status = get('status').toLowerCase();
  if (status !== '' && !isItemStatus(status)) return `unknown status "${status}"`;
  if (status === 'checked-out') return 'checked-out is set only by circulation (check-out), not by a load';
  if (status === 'on-hold-shelf') return 'on-hold-shelf is set only by circulation (holds), not by a load';
  if (isItemStatus(status) && reasonRequired(status) && get('reason') === '')
    return `status ${status} needs a reason column`;
  const notForLoan = get('notForLoan').toLowerCase();
  if (!YES.has(notForLoan) && !NO.has(notForLoan)) return `notForLoan "${notForLoan}" is not yes or no`;
  return undefined;
}

/** The item of a row `problemOf` found nothing wrong with. */
function itemOf(get: Get): Omit<NewItem, 'recordId'> {
  const call = get('callnumber');
  const scheme = get('scheme').toLowerCase();
  const status = get('status').toLowerCase();
  const reason = get('reason');
  const note = (field: ItemField) => (get(field) === '' ? [] : [get(field)]);
  return {
    barcode: get('barcode'),
    location: parseLocation(get('location'))!,
    ...(call !== '' && {
      callNumber: itemCallNumber({
        value: call,
        scheme: scheme === '' ? detectScheme(call) : (scheme as ItemCallNumberScheme),
        prefix: get('prefix'),
        volume: get('volume'),
        copy: get('copy'),
      }),
    }),
    itemType: get('type').toLowerCase() || 'book',
    ...(isItemStatus(status) && { status }),
    ...(reason !== '' && { statusReason: reason }),
    notForLoan: YES.has(get('notForLoan').toLowerCase()),
    publicNotes: note('publicNote'),
    staffNotes: note('staffNote'),
    source: 'import',
  };
}

/** The record id if given, else the control number, else the ISBN. */
function recordRef(get: Get): RecordRef | undefined {
  for (const kind of ['record', 'controlNumber', 'isbn'] as const) {
    const value = get(kind);
    if (value !== '') return { kind: kind === 'record' ? 'id' : kind, value };
  }
  return undefined;
}
