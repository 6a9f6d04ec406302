import { AppError } from '../errors/app-error';
import { boundedValue, excerpt } from '../errors/excerpt';
import { decodeCursorState, encodeCursorState } from '../domain/cursor-codec';

/**
 * The cursor of the newest-first lists (a patron's or an item's closed loans, the event log): the
 * last entry's instant and id, so a page starts strictly after it whatever is added meanwhile
 * (keyset paging, never an offset). base64url JSON, the list named so one list's cursor is not
 * read as another's. Both adapters make and read the same cursors.
 */
export type CursorList = 'loans' | 'events';

export interface CursorPosition {
  /** ISO 8601: `returnedAt` of a loan, `at` of an event. */
  at: string;
  id: string;
}

export function encodeCursor(list: CursorList, position: CursorPosition): string {
  return encodeCursorState({ l: list, a: position.at, i: position.id });
}

/** The position a cursor of `list` names, or `invalid_parameter` naming the cursor. */
export function decodeCursor(list: CursorList, cursor: string): CursorPosition {
  const parsed = decodeCursorState(cursor);
  const { l, a, i } = parsed ?? {};
  if (l !== list || typeof a !== 'string' || typeof i !== 'string') {
    throw new AppError('invalid_parameter', `${excerpt(cursor)} is not a cursor of this list`, {
      parameter: 'cursor',
      value: boundedValue(cursor),
    });
  }
  return { at: a, id: i };
}
