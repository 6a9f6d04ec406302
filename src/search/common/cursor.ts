import { AppError } from '../../errors/app-error';
import type { SortKey } from '../port';

/**
 * The opaque paging cursor: the last hit's sort value and id (keyset pagination, for every sort
 * including relevance, whose value is the stored bm25 rank of this search). The sort is kept in
 * the cursor so a cursor from one order is refused by another rather than skipping results.
 */
export interface CursorState {
  sort: SortKey;
  value: string | number;
  id: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ s: state.sort, k: state.value, i: state.id }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string, sort: SortKey): CursorState {
  const parsed = parse(cursor);
  const value = parsed?.['k'];
  const id = parsed?.['i'];
  if (!parsed || (typeof value !== 'string' && typeof value !== 'number') || typeof id !== 'string') {
    throw new AppError('invalid_search_cursor', `"${cursor}" is not a search cursor`, { cursor });
  }
  if (parsed['s'] !== sort) {
    throw new AppError(
      'invalid_search_cursor',
      `the cursor was made for sort "${String(parsed['s'])}", not "${sort}"`,
      {
        cursor,
      },
    );
  }
  return { sort, value, id };
}

function parse(cursor: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
