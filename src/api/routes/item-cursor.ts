import { AppError } from '../../errors/app-error';
import { excerpt } from '../../errors/excerpt';

/**
 * `GET /items` cursors: the store's own cursor and the filters it was made under, as base64url.
 * A cursor used with other filters would page through a list it was not made for and skip or
 * repeat items silently, so it is refused (400 `invalid_item_cursor`), as is anything the server
 * did not make. The store's cursor inside stays opaque to the API.
 */
export function encodeItemCursor(next: string, filter: object): string {
  return Buffer.from(JSON.stringify({ a: next, f: fingerprint(filter) }), 'utf8').toString('base64url');
}

export function decodeItemCursor(cursor: string, filter: object): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid(cursor, 'it is not a cursor this server made');
  }
  const { a, f } = (parsed ?? {}) as { a?: unknown; f?: unknown };
  if (typeof a !== 'string' || typeof f !== 'string')
    throw invalid(cursor, 'it is not a cursor this server made');
  if (f !== fingerprint(filter)) throw invalid(cursor, 'it was made for other filters; send the same ones');
  return a;
}

function fingerprint(filter: object): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(entries);
}

function invalid(cursor: string, why: string): AppError {
  return new AppError('invalid_item_cursor', `cursor ${excerpt(cursor)} cannot be used: ${why}`, {
    parameter: 'cursor',
  });
}
