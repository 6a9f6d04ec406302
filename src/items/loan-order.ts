import { AppError } from '../errors/app-error';
import { boundedValue, excerpt } from '../errors/excerpt';
import { decodeCursorState, encodeCursorState } from '../domain/cursor-codec';

/**
 * The order loans are listed in (soonest due first, then barcode key) and the cursor of `loans`,
 * the same on every backend. Due instants are ISO 8601 with any offset, as circulation gives them
 * (and as the item keeps them); they are compared as instants through this key: UTC, milliseconds,
 * fixed width, so bytewise order is time order.
 */
export function dueKey(instant: string): string {
  return new Date(instant).toISOString();
}

/** A `LoanQuery` bound as a due key; `invalid_parameter` naming it when it is not an instant. */
export function dueBound(name: 'dueFrom' | 'dueBefore', value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new AppError('invalid_parameter', `${name} ${excerpt(value)} is not an ISO 8601 instant`, {
      [name]: boundedValue(value),
    });
  return new Date(time).toISOString();
}

/** Where a page of loans ended: the last item's due key and barcode key. */
export interface LoanPosition {
  due: string;
  key: string;
}

export function encodeLoanCursor(position: LoanPosition): string {
  return encodeCursorState({ d: position.due, k: position.key });
}

/** The position a cursor names, or `invalid_parameter` naming the cursor (as `list`'s does). */
export function decodeLoanCursor(cursor: string): LoanPosition {
  const parsed = decodeCursorState(cursor);
  const { d, k } = parsed ?? {};
  if (typeof d !== 'string' || typeof k !== 'string')
    throw new AppError('invalid_parameter', `${excerpt(cursor)} is not a loan list cursor`, {
      cursor: boundedValue(cursor),
    });
  return { due: d, key: k };
}
