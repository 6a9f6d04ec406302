/**
 * Browse entries are stored as one keyword per (record, key): `key \u0001 heading`, plus
 * `\u0001 scheme` for call numbers. Keys hold no control characters (sortKey keeps letters, digits
 * and spaces; shelf keys are printable), and \u0001 sorts before them all, so the keywords sort by
 * key first, then heading, and every keyword of a key >= the anchor sorts after the anchor
 * itself. One field instead of two keeps a record's key and heading together: a composite
 * aggregation over two multi-valued fields would pair every key with every heading.
 */
export const BROWSE_SEPARATOR = '\u0001';

export interface BrowseKeyParts {
  key: string;
  heading: string;
  scheme?: 'lc' | 'dewey';
}

export function encodeBrowseKey(parts: BrowseKeyParts): string {
  const heading = parts.heading.replaceAll(BROWSE_SEPARATOR, ' ');
  const scheme = parts.scheme === undefined ? '' : `${BROWSE_SEPARATOR}${parts.scheme}`;
  return `${parts.key}${BROWSE_SEPARATOR}${heading}${scheme}`;
}

export function decodeBrowseKey(value: string): BrowseKeyParts {
  const [key = '', heading = '', scheme] = value.split(BROWSE_SEPARATOR);
  return scheme === 'lc' || scheme === 'dewey' ? { key, heading, scheme } : { key, heading };
}

/** Code-point order, as the engine sorts keywords (UTF-8 bytes) and SQLite compares text. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
