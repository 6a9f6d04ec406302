import { decodeCursorState, encodeCursorState, MAX_CURSOR_CHARS } from '../../domain/cursor-codec';
import { AppError } from '../../errors/app-error';
import { boundedValue, excerpt } from '../../errors/excerpt';
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
  return encodeCursorState({ s: state.sort, k: state.value, i: state.id });
}

/** An id is at most a record id's 500 characters. */
const MAX_ID_CHARS = 500;
/** Years run to ±1,000,000 (the stand-ins for a missing year); ranks and scores are any finite number. */
const MAX_YEAR_KEY = 1_000_000;

/**
 * The cursor's state, or 400 invalid_search_cursor. Its value must have the sort's type (a number
 * for relevance and dates, text otherwise): a mismatched one would compare past every row and
 * answer an empty page as if the results had ended.
 */
export function decodeCursor(cursor: string, sort: SortKey): CursorState {
  const parsed = decodeCursorState(cursor);
  if (!parsed) throw invalid(`${excerpt(cursor)} is not a search cursor`, cursor);
  if (parsed['s'] !== sort) {
    throw invalid(`the cursor was made for sort ${excerpt(parsed['s'])}, not "${sort}"`, cursor);
  }
  const value = parsed['k'];
  const id = parsed['i'];
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_CHARS || !valueFits(sort, value)) {
    throw invalid(`${excerpt(cursor)} is not a cursor for sort "${sort}"`, cursor);
  }
  return { sort, value, id };
}

function valueFits(sort: SortKey, value: unknown): value is string | number {
  if (sort === 'relevance') return typeof value === 'number' && Number.isFinite(value);
  // The value is the id again: an id cursor is the id alone, so an export can make one to resume.
  if (sort === 'id') return typeof value === 'string' && value.length <= MAX_ID_CHARS;
  if (sort === 'date' || sort === '-date') {
    return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_YEAR_KEY;
  }
  return typeof value === 'string' && value.length <= MAX_CURSOR_CHARS;
}

function invalid(message: string, cursor: string): AppError {
  return new AppError('invalid_search_cursor', message, { cursor: boundedValue(cursor) });
}
