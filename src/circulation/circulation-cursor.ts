import { AppError } from '../errors/app-error';
import { boundedValue, excerpt } from '../errors/excerpt';

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

/** The spec's bound on a cursor; an instant and a UUID need a fraction of it. */
const MAX_CURSOR_CHARS = 2000;

export function encodeCursor(list: CursorList, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ l: list, a: position.at, i: position.id })).toString('base64url');
}

/** The position a cursor of `list` names, or `invalid_parameter` naming the cursor. */
export function decodeCursor(list: CursorList, cursor: string): CursorPosition {
  const parsed = cursor.length <= MAX_CURSOR_CHARS ? parse(cursor) : undefined;
  const { l, a, i } = parsed ?? {};
  if (l !== list || typeof a !== 'string' || typeof i !== 'string') {
    throw new AppError('invalid_parameter', `${excerpt(cursor)} is not a cursor of this list`, {
      parameter: 'cursor',
      value: boundedValue(cursor),
    });
  }
  return { at: a, id: i };
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
