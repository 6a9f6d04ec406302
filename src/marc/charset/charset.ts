import { isAscii, isUtf8 } from 'node:buffer';
import type { Warning } from '../read-item';

/**
 * Which character set a record's bytes are really in. Leader/09 says `a` (UCS/Unicode) or blank
 * (MARC-8), and it often lies: vendors export UTF-8 with a blank leader/09 and MARC-8 with `a`.
 * The bytes decide; a disagreement with the leader is a warning, never a silent guess.
 */
export type Charset = 'ascii' | 'utf8' | 'marc8' | 'latin1';

/** `auto` sniffs; a named charset overrides the sniffing (yaz-marcdump's `-f`). */
export type CharsetOption = 'auto' | 'utf8' | 'marc8' | 'latin1';

const ESC = 0x1b;

export interface CharsetChoice {
  charset: Charset;
  warning?: Warning;
}

export function chooseCharset(
  bytes: Uint8Array,
  leader09: number,
  option: CharsetOption = 'auto',
): CharsetChoice {
  if (option !== 'auto') return { charset: option };
  const hasEscape = bytes.includes(ESC);
  // MARC-8 can be all 7-bit: ESC $ 1 (CJK), ESC g / b / p (Greek, subscript, superscript) switch
  // the sets of plain ASCII bytes, so only ASCII without an ESC reads as itself.
  if (!hasEscape && isAscii(bytes)) return { charset: 'ascii' };
  const saysUnicode = leader09 === 0x61; // 'a'
  if (saysUnicode) {
    if (isUtf8(bytes)) return { charset: 'utf8' };
    return {
      charset: 'marc8',
      warning: {
        code: 'charset_marc8_assumed',
        message: 'leader/09 is "a" but the bytes are not valid UTF-8; read as MARC-8',
      },
    };
  }
  if (!hasEscape && isUtf8(bytes)) {
    return {
      charset: 'utf8',
      warning: {
        code: 'charset_utf8_assumed',
        message: 'leader/09 is blank but the bytes are valid UTF-8 with no MARC-8 escapes; read as UTF-8',
      },
    };
  }
  return { charset: 'marc8' };
}
