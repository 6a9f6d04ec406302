import type { Patron } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';

/**
 * The errors both patron stores raise. A patron is personal data (docs/circulation.md, privacy):
 * messages and details name the patron by `id`, never by barcode, name, email, phone, address or
 * notes, because errors are logged and shown. The one exception is `version_conflict`'s
 * `details.current`, the patron as it now is, which the port promises to staff callers so they
 * can show or retry; its message holds no personal data either.
 */

/** A compare-and-set that found the patron moved on from `ifVersion`. */
export function patronVersionConflict(current: Patron, ifVersion: number): AppError {
  return new AppError(
    'version_conflict',
    `patron ${current.id} is at version ${current.version}, not ${ifVersion}`,
    { id: current.id, version: current.version, current },
  );
}

/**
 * A card barcode (compared by its key) or an id another patron holds. The barcode itself is not
 * repeated: the caller sent it, and a log line must not carry it.
 */
export function patronBarcodeTaken(taken: 'barcode' | 'id', holderId: string | undefined): AppError {
  const message =
    taken === 'id'
      ? `patron id ${holderId} is taken by another patron`
      : `the card barcode is taken by ${holderId === undefined ? 'another patron' : `patron ${holderId}`}`;
  return new AppError('patron_barcode_taken', message, {
    taken,
    ...(holderId !== undefined && { id: holderId }),
  });
}

export function patronAnonymisedError(patron: Patron): AppError {
  return new AppError('patron_anonymised', `patron ${patron.id} is anonymised and cannot change`, {
    id: patron.id,
    anonymisedAt: patron.anonymisedAt,
  });
}

export function patronHasLoans(patron: Patron): AppError {
  const n = patron.openLoans.length;
  return new AppError('patron_has_loans', `patron ${patron.id} has ${n} open loan${n === 1 ? '' : 's'}`, {
    id: patron.id,
    openLoans: n,
  });
}
