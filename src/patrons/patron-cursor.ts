import { AppError } from '../errors/app-error';
import { decodeCursorState, encodeCursorState } from '../domain/cursor-codec';

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

export function encodePatronCursor(position: PatronPosition): string {
  return encodeCursorState({ n: position.nameKey, i: position.id });
}

/** The position a cursor names, or `invalid_parameter` naming `cursor`. */
export function decodePatronCursor(cursor: string): PatronPosition {
  const parsed = decodeCursorState(cursor);
  const { n, i } = parsed ?? {};
  if (typeof n !== 'string' || typeof i !== 'string' || Object.keys(parsed ?? {}).length !== 2) {
    throw new AppError('invalid_parameter', 'cursor is not a patron list cursor', {
      parameter: 'cursor',
      cursorLength: cursor.length,
    });
  }
  return { nameKey: n, id: i };
}
