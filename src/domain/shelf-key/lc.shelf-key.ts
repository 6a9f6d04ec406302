import { canonicalText, tailTokens, wholeNumberKey } from './shelf-key-tokens';

/**
 * Library of Congress call number → a key that sorts bytewise in shelf order:
 *   "L " + class letters padded to 3 + the class integer, length first ("76" → "276")
 *        [+ "." + decimals] + " " + each following token (cutters, dates, volumes …) [+ " ~" + prefix]
 * so Q76 < QA1 < QA76 < QA76 .A1 < QA76.5 < QA76.73 .J38 < QA76.73 .J38 S53 < QA76.73 .J38 2005 v.2
 * < QA76.73 .J38 2005 v.10 < QA76.731 < QA76.9. Case and spacing do not matter. A leading word
 * before the class ("REF QA76.73 .J38") is a location prefix: it files after the same number
 * without it. Text that is not LC-shaped files after every LC-shaped number, by its text.
 */
export const LC_KEY_PREFIX = 'L ';

const PREFIX = /^((?:[A-Z]+\.?\s+)+)(?=[A-Z]{1,3}\s*\d)/;
const CLASS = /^([A-Z]{1,3})(?![A-Z])\s*(\d+)?(?:\s*\.\s*(\d+))?/;

export function lcShelfKey(callNumber: string): string {
  let text = canonicalText(callNumber);
  const prefix = PREFIX.exec(text);
  if (prefix) text = text.slice(prefix[0].length);
  const m = CLASS.exec(text);
  if (!m) return `${LC_KEY_PREFIX}~${tailTokens(canonicalText(callNumber), false).join(' ')}`;
  const [, letters, integer, decimals] = m as unknown as [string, string, string?, string?];
  let key = LC_KEY_PREFIX + letters.padEnd(3, ' ');
  if (integer !== undefined) key += wholeNumberKey(integer);
  const trimmed = decimals?.replace(/0+$/, '');
  if (trimmed) key += `.${trimmed}`;
  for (const token of tailTokens(text.slice(m[0].length))) key += ` ${token}`;
  if (prefix) key += ` ~${prefix[1]?.trim().replace(/\s+/g, ' ')}`;
  return key;
}

/** Class letters (not I, O, W, X or Y first), a class number, then anything: worth calling LC. */
export function looksLikeLc(callNumber: string): boolean {
  return /^\s*[A-HJ-NP-VZ][A-Z]{0,2}\s*\d/i.test(callNumber.replace(PREFIX, ''));
}
