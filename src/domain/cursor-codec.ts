/**
 * The opaque paging cursors every list hands out (search, items, loans, patrons, the circulation
 * lists): the last entry's place as a small JSON object, in base64url so it travels in a query
 * string as it is. Each list names its own fields and checks them; this is only the envelope.
 */

/** The spec's bound on a cursor (openapi.yaml); every list's position fits in a fraction of it. */
export const MAX_CURSOR_CHARS = 2000;

export function encodeCursorState(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/**
 * The object a cursor carries, or undefined when it is none of ours: too long, not base64url,
 * not JSON, or JSON that is not an object. The caller says which list's cursor it is not.
 */
export function decodeCursorState(cursor: string): Record<string, unknown> | undefined {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
