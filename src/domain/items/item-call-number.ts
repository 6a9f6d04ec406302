import { looksLikeDewey, looksLikeLc, shelfKey as schemeShelfKey } from '../shelf-key';
import { canonicalText, tailTokens } from '../shelf-key/shelf-key-tokens';
import type { ItemCallNumber, ItemCallNumberScheme } from './item';

/**
 * A call number as a load or a request gives it → an ItemCallNumber with its shelf key.
 * Written for shelf work and `stacks items import` before h/holdings' version landed; the two
 * are to become one (the lead merges them).
 */
export interface CallNumberParts {
  value: string;
  /** Guessed from the value when absent (`detectScheme`). */
  scheme?: ItemCallNumberScheme;
  prefix?: string;
  volume?: string;
  copy?: string;
}

/**
 * Between the class part and the volume, and between volume and copy: below the space that
 * separates a call number's own tokens, so every volume of `QA76 .J38` files right after it and
 * before `QA76 .J38 S53` (another work), and `v.2` before `v.10` (numbers are length-first).
 */
const PART_SEPARATOR = '\u001f';

/** `other` call numbers (local schemes, `FIC KING`) file after every LC and Dewey one, by text. */
const OTHER_KEY_PREFIX = 'O ';

export function detectScheme(value: string): ItemCallNumberScheme {
  if (looksLikeLc(value)) return 'lc';
  if (looksLikeDewey(value)) return 'dewey';
  return 'other';
}

/** The key a call number (with prefix, volume and copy) files by within one location. */
export function itemShelfKey(parts: CallNumberParts): string {
  const scheme = parts.scheme ?? detectScheme(parts.value);
  // The scheme keys read a leading word as a location prefix and file it after the bare number.
  const text = parts.prefix ? `${parts.prefix} ${parts.value}` : parts.value;
  let key =
    scheme === 'other'
      ? OTHER_KEY_PREFIX + tailTokens(canonicalText(text), false).join(' ')
      : schemeShelfKey(text, scheme);
  if (parts.volume || parts.copy) key += PART_SEPARATOR + partKey(parts.volume);
  if (parts.copy) key += PART_SEPARATOR + partKey(parts.copy);
  return key;
}

export function itemCallNumber(parts: CallNumberParts): ItemCallNumber {
  const value = parts.value.trim();
  const scheme = parts.scheme ?? detectScheme(value);
  const optional = (text: string | undefined) => (text && text.trim() !== '' ? text.trim() : undefined);
  const prefix = optional(parts.prefix);
  const volume = optional(parts.volume);
  const copy = optional(parts.copy);
  return {
    value,
    scheme,
    ...(prefix !== undefined && { prefix }),
    ...(volume !== undefined && { volume }),
    ...(copy !== undefined && { copy }),
    shelfKey: itemShelfKey({ value, scheme, prefix, volume, copy }),
  };
}

function partKey(text: string | undefined): string {
  return text ? tailTokens(canonicalText(text), false).join(' ') : '';
}
