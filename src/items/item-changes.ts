import type { TrappedHold } from '../domain/circulation/hold';
import type { Loan } from '../domain/circulation/loan';
import { isInCirculation, type Item, type NewItem, type StatusChange } from '../domain/items/item';
import { AppError } from '../errors/app-error';
import type { ItemCirculation, ItemFields, ItemLoadOutcome } from './port';

/**
 * What each write does to an item, as pure functions over domain values: every adapter computes
 * the new item with these and only stores it (with its compare-and-set), so what a load counts as
 * `unchanged`, or what a history entry holds, cannot differ between backends.
 */

/** The fields an update replaces; a load replaces these and the record and source. */
const FIELD_KEYS = [
  'location',
  'callNumber',
  'itemType',
  'notForLoan',
  'publicNotes',
  'staffNotes',
  'holdingId',
] as const satisfies readonly (keyof ItemFields)[];

/** A copy without the keys whose value is undefined: absent is absent on every backend, never null. */
export function withoutUndefined<T extends object>(value: T): T {
  // A loop, not Object.entries/fromEntries: every item a load creates passes here (ingest's hot path).
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** A history entry as stored: `by` and `reason` only when given. */
export function historyEntry(change: StatusChange): StatusChange {
  const entry: StatusChange =
    change.from === undefined
      ? { to: change.to, at: change.at }
      : { from: change.from, to: change.to, at: change.at };
  if (change.by !== undefined) entry.by = change.by;
  if (change.reason !== undefined) entry.reason = change.reason;
  return entry;
}

/** A new item at version 1, its barcode trimmed, its first status the history's first entry. */
export function createdItem(item: NewItem, at: string, by?: string): Item {
  // One pass over the given fields (a load creates thousands): the same keys, in the same order,
  // as spreading them without `status` and `statusReason` and then dropping undefined values.
  const out: Record<string, unknown> = {};
  for (const key in item) {
    if (key === 'status' || key === 'statusReason' || !Object.prototype.hasOwnProperty.call(item, key))
      continue;
    const value = item[key as keyof NewItem];
    if (value !== undefined) out[key] = value;
  }
  const to = item.status ?? 'available';
  out.barcode = item.barcode.trim();
  out.status = to;
  out.version = 1;
  out.createdAt = at;
  out.updatedAt = at;
  out.history = [historyEntry({ to, at, by, reason: item.statusReason })];
  return out as unknown as Item;
}

/** `current` with its descriptive fields replaced by `fields` (those absent there are removed). */
export function updatedItem(current: Item, fields: ItemFields, at: string): Item {
  const kept = withoutKeys(current, FIELD_KEYS);
  const given = withoutUndefined(Object.fromEntries(FIELD_KEYS.map((k) => [k, fields[k]])));
  return { ...kept, ...given, version: current.version + 1, updatedAt: at } as Item;
}

/** `current` moved to `change.to`, the change appended with the status it left. */
export function statusChanged(current: Item, change: StatusChange): Item {
  return {
    ...current,
    status: change.to,
    version: current.version + 1,
    updatedAt: change.at,
    history: [...current.history, historyEntry({ ...change, from: current.status })],
  };
}

/**
 * Circulation's write: `current` moved to `change.to` as statusChanged moves it, its loan and
 * trapped hold set (a value), cleared (`null`) or kept (absent), in the same new version.
 */
export function circulated(current: Item, change: StatusChange, circulation: ItemCirculation): Item {
  const next = statusChanged(current, change);
  if (circulation.loan === null) delete next.loan;
  else if (circulation.loan !== undefined) next.loan = storedLoan(circulation.loan);
  if (circulation.trappedHold === null) delete next.trappedHold;
  else if (circulation.trappedHold !== undefined)
    next.trappedHold = withoutUndefined<TrappedHold>({ ...circulation.trappedHold });
  return next;
}

/** A loan as stored: absent parts left out at every level, so both backends read back the same. */
function storedLoan(loan: Loan): Loan {
  const out = withoutUndefined<Loan>({ ...loan });
  if (out.location) out.location = { ...out.location };
  if (out.overrides)
    out.overrides = out.overrides.map((o) => withoutUndefined({ ...o, codes: [...o.codes] }));
  return out;
}

/**
 * What a load makes of a known item: its fields, record and source replaced, its status moved when
 * the load gives a different one, unless circulation holds the item (then `statusNotApplied` names
 * the status the load gave; loan and trapped hold are kept whatever the load says). `unchanged`
 * (the item as it was) when nothing differs.
 */
export function loadedItem(current: Item, loaded: NewItem, at: string, by: string): ItemLoadOutcome {
  const barcode = loaded.barcode.trim();
  const described = {
    ...updatedItem(current, loaded, at),
    recordId: loaded.recordId,
    source: loaded.source,
  };
  const differs = loaded.status !== undefined && loaded.status !== current.status;
  const refused = differs && isInCirculation(current) ? { statusNotApplied: loaded.status! } : {};
  const moves = differs && !('statusNotApplied' in refused);
  if (!moves && sameDescription(current, described))
    return { barcode, outcome: 'unchanged', item: current, ...refused };
  const item = moves
    ? {
        ...statusChanged(described, { to: loaded.status!, at, by, reason: loaded.statusReason }),
        version: described.version,
      }
    : described;
  if (current.recordId !== loaded.recordId)
    return { barcode, outcome: 'moved', item, fromRecordId: current.recordId, ...refused };
  return { barcode, outcome: 'updated', item, ...refused };
}

/** The error a stale version gets: with the item as it now is, so the caller can show or retry. */
export function versionConflict(current: Item, ifVersion: number): AppError {
  return new AppError(
    'version_conflict',
    `item ${current.barcode} is at version ${current.version}, not ${ifVersion}`,
    { barcode: current.barcode, version: current.version, item: current },
  );
}

/** The error a second item with a taken barcode gets, naming the record that holds it. */
export function barcodeTaken(holder: Pick<Item, 'barcode' | 'recordId'>): AppError {
  return new AppError(
    'item_barcode_taken',
    `barcode ${holder.barcode} is taken by an item of record ${holder.recordId}`,
    {
      barcode: holder.barcode,
      recordId: holder.recordId,
    },
  );
}

function sameDescription(a: Item, b: Item): boolean {
  const described = (item: Item): string =>
    canonical({
      ...Object.fromEntries(FIELD_KEYS.map((k) => [k, item[k]])),
      recordId: item.recordId,
      source: item.source,
    });
  return described(a) === described(b);
}

/** JSON with object keys sorted and undefined left out: equal values, equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

function withoutKeys<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as Partial<T>;
}
