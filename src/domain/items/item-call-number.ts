import { deweyShelfKey, lcShelfKey } from '../shelf-key';
import { canonicalText, tailTokens } from '../shelf-key/shelf-key-tokens';
import type { ItemCallNumber, ItemCallNumberScheme } from './item';

/** A call number as a load or a request gives it, before its shelf key is made. */
export interface CallNumberParts {
  value: string;
  scheme: ItemCallNumberScheme;
  prefix?: string;
  volume?: string;
  copy?: string;
}

/** Keys of the `other` scheme start `O `, after every LC (`L `) and before no Dewey (`D `) key. */
export const OTHER_KEY_PREFIX = 'O ';

/**
 * Volume and copy follow the class number behind markers that sort above the space separator and
 * below every letter and digit: all volumes of QA76 stand together, before QA76 .A1, and an item
 * without a volume stands before the volumes (`!c` < `!v`, so a copy number alone does too).
 */
const VOLUME_MARK = ' !v';
const COPY_MARK = ' !c';
const PREFIX_MARK = ' ~';

/**
 * The shelf key of an item's call number: the scheme's key (src/domain/shelf-key), then the volume
 * and the copy as tokens whose numbers sort by value (`v.2` < `v.10`, `c.2` < `c.10`), then the
 * prefix, so `REF QA76` files just after `QA76` as the LC and Dewey keys file a word before the
 * class. The `other` scheme's key is the text's tokens, numbers by value: `Microfilm 12` < `Microfilm 100`.
 */
export function itemShelfKey(parts: CallNumberParts): string {
  let key = schemeKey(parts.value, parts.scheme);
  const volume = tokens(parts.volume);
  if (volume) key += `${VOLUME_MARK} ${volume}`;
  const copy = tokens(parts.copy);
  if (copy) key += `${COPY_MARK} ${copy}`;
  const prefix = parts.prefix?.trim().toUpperCase().replace(/\s+/g, ' ');
  if (prefix) key += `${PREFIX_MARK}${prefix}`;
  return key;
}

/** The parts with their shelf key; empty parts are left out, never kept as `''`. */
export function itemCallNumber(parts: CallNumberParts): ItemCallNumber {
  const out: ItemCallNumber = { value: parts.value.trim(), scheme: parts.scheme, shelfKey: '' };
  for (const name of ['prefix', 'volume', 'copy'] as const) {
    const v = parts[name]?.trim();
    if (v) out[name] = v;
  }
  out.shelfKey = itemShelfKey(out);
  return out;
}

function schemeKey(value: string, scheme: ItemCallNumberScheme): string {
  if (scheme === 'lc') return lcShelfKey(value);
  if (scheme === 'dewey') return deweyShelfKey(value);
  return OTHER_KEY_PREFIX + tailTokens(canonicalText(value), false).join(' ');
}

function tokens(text: string | undefined): string {
  return text === undefined ? '' : tailTokens(canonicalText(text), false).join(' ');
}
