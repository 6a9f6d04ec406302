import { canonicalText, tailTokens } from './shelf-key-tokens';

/**
 * Dewey call number → a key that sorts bytewise in shelf order:
 *   "D " + the integer part padded to 3 [+ "." + decimals] + " " + each following token
 *        (cutters as decimals, other numbers length first, see shelf-key-tokens.ts) [+ " ~" + prefix]
 * Segmentation marks (/ and ') and brackets are ignored: "823/.914" = "823.914". Words before the
 * number ("REF", "J", "FIC") are a location prefix: "REF 813.54 T" files just after "813.54 T".
 * Call numbers with no class number at all ("FIC KING", "B", "[E]") file after every number, by text.
 */
export const DEWEY_KEY_PREFIX = 'D ';

const PREFIX = /^((?:[A-Z]+\.?\s*)+)(?=\d)/;
const NUMBER = /^(\d{1,3})(?:\.(\d*))?(?!\d)/;

export function deweyShelfKey(callNumber: string): string {
  let text = canonicalText(callNumber.replace(/[/'[\]]/g, ''));
  const prefix = PREFIX.exec(text);
  if (prefix) text = text.slice(prefix[0].length);
  const m = NUMBER.exec(text);
  if (!m) return `${DEWEY_KEY_PREFIX}~${tailTokens(text, false).join(' ')}`;
  const [, integer, decimals] = m as unknown as [string, string, string?];
  let key = DEWEY_KEY_PREFIX + integer.padStart(3, '0');
  const trimmed = decimals?.replace(/0+$/, '');
  if (trimmed) key += `.${trimmed}`;
  for (const token of tailTokens(text.slice(m[0].length))) key += ` ${token}`;
  if (prefix) key += ` ~${prefix[1]?.trim().replace(/\s+/g, ' ')}`;
  return key;
}

/** One to three digits, optionally decimals: a Dewey class number, after any prefix words. */
export function looksLikeDewey(callNumber: string): boolean {
  const text = canonicalText(callNumber.replace(/[/'[\]]/g, ''));
  return NUMBER.test(text.replace(PREFIX, ''));
}
