import type { Hold } from '../domain/circulation/hold';
import { AppError } from '../errors/app-error';
import type { HoldFields } from './port';

/**
 * What each hold write does, as pure functions over domain values: both adapters compute the
 * stored hold with these, so a hold reads back the same from SQLite and MongoDB (absent fields
 * absent, never null or undefined-valued).
 */

const FIELD_KEYS = [
  'status',
  'pickupLibrary',
  'trappedItem',
  'shelfExpiresAt',
  'notNeededAfter',
  'endedAt',
  'reason',
] as const satisfies readonly (keyof HoldFields)[];

/** A new hold at version 1, without the keys given as undefined. */
export function createdHold(hold: Omit<Hold, 'version' | 'updatedAt'>, at: string): Hold {
  return { ...withoutUndefined(hold), version: 1, updatedAt: at };
}

/** `current` with `fields` applied (`null` removes, undefined keeps), version + 1. */
export function updatedHold(current: Hold, fields: HoldFields, at: string): Hold {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of fieldChanges(fields)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return { ...(next as unknown as Hold), version: current.version + 1, updatedAt: at };
}

/** The fields a change names, in a fixed order: `[key, value or null]`, undefined ones left out. */
export function fieldChanges(fields: HoldFields): [keyof HoldFields, string | null][] {
  return FIELD_KEYS.flatMap((key) => (fields[key] === undefined ? [] : [[key, fields[key]]]));
}

export function holdExists(id: string): AppError {
  return new AppError('hold_exists', `a hold with id ${JSON.stringify(id)} exists already`, { id });
}

/**
 * The patron has an active hold on the record already (the one in `active`): the same answer the
 * service gives from its read, so a race the store stops reads like a request the service refused.
 */
export function holdAlreadyPlaced(active: Pick<Hold, 'id' | 'recordId'>): AppError {
  return new AppError(
    'hold_already_placed',
    `the patron already has hold ${active.id} on record ${active.recordId}`,
    { id: active.id, recordId: active.recordId },
  );
}

/** A stale version: the hold as it now is in `details.current`, so the caller can decide again. */
export function holdVersionConflict(current: Hold, ifVersion: number): AppError {
  return new AppError(
    'version_conflict',
    `hold ${current.id} is at version ${current.version}, not ${ifVersion}`,
    { id: current.id, version: current.version, current },
  );
}

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
