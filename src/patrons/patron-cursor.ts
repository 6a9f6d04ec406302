import { AppError } from '../errors/app-error';

/**
 * The `find` cursor, the same on both stores: the last patron's place in (name key, id) order, as
 * base64url JSON. Keyset paging: a patron registered or renamed while staff page moves no other
 * across a page boundary. It holds a name key, which is personal data: it travels only between
 * staff and the store, and the error for a bad one does not repeat it (errors are logged).
 */
export interface PatronPosition {
  nameKey: string;
  id: string;
}

/** As the item cursors: a query string carries at most 2,000 characters of it. */
const MAX_CURSOR_CHARS = 2000;

export function encodePatronCursor(position: PatronPosition): string {
  return Buffer.from(JSON.stringify({ n: position.nameKey, i: position.id }), 'utf8').toString('base64url');
}

/** The position a cursor names, or `invalid_parameter` naming `cursor`. */
export function decodePatronCursor(cursor: string): PatronPosition {
  const parsed = cursor.length <= MAX_CURSOR_CHARS ? parse(cursor) : undefined;
  const { n, i } = parsed ?? {};
  if (typeof n !== 'string' || typeof i !== 'string' || Object.keys(parsed ?? {}).length !== 2) {
    throw new AppError('invalid_parameter', 'cursor is not a patron list cursor', {
      parameter: 'cursor',
      cursorLength: cursor.length,
    });
  }
  return { nameKey: n, id: i };
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
