/**
 * Bad values in error messages and problem details, bounded: a client that sends 10,000
 * characters must not get them back three times (message, detail, value), and a log line or an
 * error body must not grow with the input. Messages quote a short excerpt; `value` fields carry
 * a longer one, once.
 */
export const MESSAGE_EXCERPT_CHARS = 40;
export const VALUE_EXCERPT_CHARS = 100;
const MAX_LIST_ITEMS = 10;

/** The value as JSON text for a message, cut to `max` characters with an ellipsis. */
export function excerpt(value: unknown, max = MESSAGE_EXCERPT_CHARS): string {
  const text = typeof value === 'string' ? value : safeJson(value);
  const cut = cutText(text, max);
  return typeof value === 'string' ? JSON.stringify(cut) : cut;
}

/**
 * The value as a problem's `value`: scalars and short lists of scalars as they are (strings cut),
 * anything else as cut JSON text, so a nested body can never be echoed whole.
 */
export function boundedValue(value: unknown, max = VALUE_EXCERPT_CHARS): unknown {
  if (typeof value === 'string') return cutText(value, max);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length <= MAX_LIST_ITEMS && value.every(isScalar)) {
    return value.map((v) => (typeof v === 'string' ? cutText(v, max) : v));
  }
  return cutText(safeJson(value), max);
}

export function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Cycles, or nesting deeper than the stack: say what it is, not what it holds.
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}
