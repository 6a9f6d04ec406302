import { decodeMarc8 } from './marc8.decoder';

/**
 * MARCMaker / MarcEdit mnemonics (`{dollar}`, `{acute}`, `{eacute}` …) and the MARC-8 ANSEL
 * repertoire they stand for, mapped straight to Unicode.
 *
 * The names are the Library of Congress MARCMaker 2.5 list. LoC maps each name to MARC-8 bytes,
 * approximating what MARC-8 lacks (`{cent}` → "c", `{mdash}` → "--"); Stacks stores Unicode, so
 * those names get the character they name instead. The Cyrillic names (`{zhcy}` …) are LoC's
 * ALA-LC romanisation shortcuts and keep the romanised Latin LoC gives them.
 *
 * A mnemonic that stands for a lone combining mark (`{acute}`, `{E2}`) precedes its base letter,
 * as in MARC-8; decodeMnemonics moves it after the base and NFC-normalises.
 */

/** MARC-8 G1 (ANSEL) 0x88–0xFE → Unicode, per the LoC code tables. Combining marks are E0–FE. */
// prettier-ignore
const ANSEL: Readonly<Record<number, string>> = {
  0x88: '\u0098', 0x89: '\u009C', 0x8d: '\u200D', 0x8e: '\u200C',
  0xa1: '\u0141', 0xa2: '\u00D8', 0xa3: '\u0110', 0xa4: '\u00DE', 0xa5: '\u00C6', 0xa6: '\u0152',
  0xa7: '\u02B9', 0xa8: '\u00B7', 0xa9: '\u266D', 0xaa: '\u00AE', 0xab: '\u00B1', 0xac: '\u01A0',
  0xad: '\u01AF', 0xae: '\u02BC', 0xb0: '\u02BB', 0xb1: '\u0142', 0xb2: '\u00F8', 0xb3: '\u0111',
  0xb4: '\u00FE', 0xb5: '\u00E6', 0xb6: '\u0153', 0xb7: '\u02BA', 0xb8: '\u0131', 0xb9: '\u00A3',
  0xba: '\u00F0', 0xbc: '\u01A1', 0xbd: '\u01B0', 0xc0: '\u00B0', 0xc1: '\u2113', 0xc2: '\u2117',
  0xc3: '\u00A9', 0xc4: '\u266F', 0xc5: '\u00BF', 0xc6: '\u00A1', 0xc7: '\u00DF', 0xc8: '\u20AC',
  0xe0: '\u0309', 0xe1: '\u0300', 0xe2: '\u0301', 0xe3: '\u0302', 0xe4: '\u0303', 0xe5: '\u0304',
  0xe6: '\u0306', 0xe7: '\u0307', 0xe8: '\u0308', 0xe9: '\u030C', 0xea: '\u030A', 0xeb: '\u0361',
  0xec: '\uFE21', 0xed: '\u0315', 0xee: '\u030B', 0xef: '\u0310', 0xf0: '\u0327', 0xf1: '\u0328',
  0xf2: '\u0323', 0xf3: '\u0324', 0xf4: '\u0325', 0xf5: '\u0333', 0xf6: '\u0332', 0xf7: '\u0326',
  0xf8: '\u031C', 0xf9: '\u032E', 0xfa: '\u0360', 0xfb: '\uFE23', 0xfe: '\u0313',
};

/** The character a MARC-8 byte (ASCII or ANSEL) stands for, or undefined where MARC-8 has none. */
export function anselToUnicode(byte: number): string | undefined {
  if (byte < 0x80) return String.fromCharCode(byte);
  return ANSEL[byte];
}

// LoC's mapping: the ligature's first half becomes U+0361, spanning both letters; the second half
// (EC, U+FE21 here) is dropped where a first half precedes it, as decodeMarc8 does.
const lig = (a: string, b: string): string => `${a}\u0361${b}`;

/** Named mnemonics (case matters: `{THORN}` ≠ `{thorn}`). Hex `{E2}` and `{U+0301}` are handled in code. */
// prettier-ignore
export const MNEMONICS: Readonly<Record<string, string>> = {
  // punctuation, symbols and controls
  amp: '&', apos: "'", ast: '*', bsol: '\\', brvbar: '\u00A6', bull: '\u2022', cent: '\u00A2',
  colon: ':', comma: ',', commat: '@', copy: '\u00A9', curren: '\u00A4', Dagger: '\u2021',
  dagger: '\u2020', deg: '\u00B0', divide: '\u00F7', dollar: '$', equals: '=', esc: '\u001B',
  excl: '!', flat: '\u266D', fnof: '\u0192', frac12: '\u00BD', frac14: '\u00BC', frac34: '\u00BE',
  gs: '\u001D', gt: '>', hellip: '\u2026', hyphen: '-', iexcl: '\u00A1', iquest: '\u00BF',
  joiner: '\u200D', laquo: '\u00AB', lcub: '{', ldquo: '\u201C', lpar: '(', lsqb: '[',
  lsquo: '\u2018', lsquor: '\u201A', lt: '<', mdash: '\u2014', middot: '\u00B7', ndash: '\u2013',
  No: 'No.', nonjoin: '\u200C', num: '#', ordf: '\u00AA', ordm: '\u00BA', para: '\u00B6',
  percnt: '%', period: '.', phono: '\u2117', pipe: '|', plus: '+', plusmn: '\u00B1',
  pound: '\u00A3', quest: '?', quot: '"', raquo: '\u00BB', rcub: '}', rdquofh: '\u201F',
  rdquor: '\u201D', reg: '\u00AE', rpar: ')', rs: '\u001E', rsqb: ']', rsquo: '\u2019',
  rsquor: '\u2019', scriptl: '\u2113', sect: '\u00A7', semi: ';', sharp: '\u266F', shy: '\u00AD',
  sol: '/', space: ' ', spcirc: '^', spgrave: '`', sptilde: '~', spundscr: '_', squf: '|',
  sup1: '\u00B9', sup2: '\u00B2', sup3: '\u00B3', times: '\u00D7', trade: '\u2122', us: '\u001F',
  verbar: '|', yen: '\u00A5', asuper: '\u1D43', osuper: '\u1D52',
  // spacing modifier letters
  alif: '\u02BC', ayn: '\u02BB', hardsign: '\u02BA', mllhring: '\u02BB', mlprime: '\u02B9',
  mlPrime: '\u02BA', mlrhring: '\u02BC', softsign: '\u02B9',
  // combining marks, written before the letter they modify
  acute: '\u0301', breve: '\u0306', breveb: '\u032E', candra: '\u0310', caron: '\u030C',
  cedil: '\u0327', circ: '\u0302', circb: '\u032D', commaa: '\u0313', commab: '\u0326',
  dblac: '\u030B', dbldotb: '\u0324', dblunder: '\u0333', diaer: '\u0308', dot: '\u0307',
  dotb: '\u0323', grave: '\u0300', hooka: '\u0309', hookl: '\u0326', hookr: '\u0328',
  ldbltil: '\u0360', llig: '\u0361', macr: '\u0304', ogon: '\u0328', rcedil: '\u031C',
  rcommaa: '\u0315', rdbltil: '\uFE23', ring: '\u030A', ringb: '\u0325', rlig: '\uFE21',
  tilde: '\u0303', uml: '\u0308', under: '\u0332', vlineb: '\u0329',
  // letters
  AElig: '\u00C6', aelig: '\u00E6', Dstrok: '\u0110', dstrok: '\u0111', ETH: '\u00D0', eth: '\u00F0',
  IJlig: '\u0132', ijlig: '\u0133', inodot: '\u0131', Lstrok: '\u0141', lstrok: '\u0142',
  OElig: '\u0152', oelig: '\u0153', Ohorn: '\u01A0', ohorn: '\u01A1', Ostrok: '\u00D8',
  ostrok: '\u00F8', szlig: '\u00DF', THORN: '\u00DE', thorn: '\u00FE', Uhorn: '\u01AF',
  uhorn: '\u01B0', Idot: '\u0130',
  Aacute: 'Á', aacute: 'á', Abreve: 'Ă', abreve: 'ă', Acirc: 'Â', acirc: 'â', Agrave: 'À',
  agrave: 'à', Aogon: 'Ą', aogon: 'ą', Aring: 'Å', aring: 'å', Atilde: 'Ã', atilde: 'ã',
  Auml: 'Ä', auml: 'ä', Cacute: 'Ć', cacute: 'ć', Ccaron: 'Č', ccaron: 'č', Ccedil: 'Ç',
  ccedil: 'ç', Dcaron: 'Ď', dcaron: 'ď', Eacute: 'É', eacute: 'é', Ecaron: 'Ě', ecaron: 'ě',
  Ecirc: 'Ê', ecirc: 'ê', Egrave: 'È', egrave: 'è', Ehookr: 'Ę', ehookr: 'ę', Eogon: 'Ę',
  eogon: 'ę', Euml: 'Ë', euml: 'ë', Iacute: 'Í', iacute: 'í', Icaron: 'Ǐ', icaron: 'ǐ',
  Icirc: 'Î', icirc: 'î', Igrave: 'Ì', igrave: 'ì', Iuml: 'Ï', iuml: 'ï', Lacute: 'Ĺ',
  lacute: 'ĺ', Nacute: 'Ń', nacute: 'ń', Ncaron: 'Ň', ncaron: 'ň', Ntilde: 'Ñ', ntilde: 'ñ',
  Oacute: 'Ó', oacute: 'ó', Ocirc: 'Ô', ocirc: 'ô', Odblac: 'Ő', odblac: 'ő', Ograve: 'Ò',
  ograve: 'ò', Otilde: 'Õ', otilde: 'õ', Ouml: 'Ö', ouml: 'ö', Racute: 'Ŕ', racute: 'ŕ',
  Rcaron: 'Ř', rcaron: 'ř', Sacute: 'Ś', sacute: 'ś', Scommab: 'Ș', scommab: 'ș', Tcaron: 'Ť',
  tcaron: 'ť', Tcommab: 'Ț', tcommab: 'ț', Uacute: 'Ú', uacute: 'ú', Ucirc: 'Û', ucirc: 'û',
  Udblac: 'Ű', udblac: 'ű', Ugrave: 'Ù', ugrave: 'ù', Uring: 'Ů', uring: 'ů', Uuml: 'Ü',
  uuml: 'ü', Yacute: 'Ý', yacute: 'ý', Zacute: 'Ź', zacute: 'ź', Zdot: 'Ż', zdot: 'ż',
  // Greek symbols of the MARC-8 Greek symbol set
  agr: '\u03B1', bgr: '\u03B2', ggr: '\u03B3',
  // final characters of MARC-8 escape sequences: `{esc}{super}` is ESC p
  arab: '(3', cjk: '$1', cyril: '(N', greek: 'g', hebrew: '(2', latin: '(B', sub: 'b', super: 'p',
  // ALA-LC romanisation of Cyrillic, as LoC defines these names
  Acy: 'A', acy: 'a', Bcy: 'B', bcy: 'b', CHcy: 'Ch', chcy: 'ch', Dcy: 'D', dcy: 'd',
  DJEcy: 'Đ', djecy: 'đ', DZEcy: 'Dz', dzecy: 'dz', DZHEcy: 'Dž', dzhecy: 'dž', Ecy: 'Ė',
  ecy: 'ė', Fcy: 'F', fcy: 'f', Gcy: 'G', gcy: 'g', GEcy: 'G', gecy: 'g', GHcy: 'G', ghcy: 'g',
  GJEcy: 'Ǵ', gjecy: 'ǵ', HARDcy: '\u02BA', hardcy: '\u02BA', Hcy: 'H', hcy: 'h', Icy: 'I',
  icy: 'i', IEcy: lig('I', 'E'), iecy: lig('i', 'e'), IOcy: lig('I', 'O'), iocy: lig('i', 'o'),
  Iumlcy: 'Ï', iumlcy: 'ï', IYcy: 'Y', iycy: 'y', Jcy: 'Ĭ', jcy: 'ĭ', JEcy: 'J', jecy: 'j',
  JIcy: 'Ï', jicy: 'ï', Kcy: 'K', kcy: 'k', KHcy: 'Kh', khcy: 'kh', KJEcy: 'Ḱ', kjecy: 'ḱ',
  Lcy: 'L', lcy: 'l', LJEcy: 'Lj', ljecy: 'lj', Mcy: 'M', mcy: 'm', Ncy: 'N', ncy: 'n',
  NJEcy: 'Nj', njecy: 'nj', Ocy: 'O', ocy: 'o', Pcy: 'P', pcy: 'p', Rcy: 'R', rcy: 'r', Scy: 'S',
  scy: 's', SHCHcy: 'Shch', shchcy: 'shch', SHcy: 'Sh', shcy: 'sh', SOFTcy: '\u02B9',
  softcy: '\u02B9', Tcy: 'T', tcy: 't', TScy: lig('T', 'S'), tscy: lig('t', 's'), TSHEcy: 'Ć',
  tshecy: 'ć', Ubrevecy: 'Ŭ', ubrevecy: 'ŭ', Ucy: 'U', ucy: 'u', Vcy: 'V', vcy: 'v',
  YAcy: lig('I', 'A'), yacy: lig('i', 'a'), Ycy: 'Y', ycy: 'y', YEcy: 'E', yecy: 'e', YIcy: 'I',
  yicy: 'i', YUcy: lig('I', 'U'), yucy: lig('i', 'u'), Zcy: 'Z', zcy: 'z', ZHcy: 'Zh', zhcy: 'zh',
  ZHuacy: lig('Z', 'H'), zhuacy: lig('z', 'h'),
};

const COMBINING = /^\p{M}$/u;
const HEX_BYTE = /^x?([0-9A-Fa-f]{2})$/;
const CODE_POINT = /^[Uu]\+([0-9A-Fa-f]{4,6})$/;
const SINGLE = /^[0-9A-Za-z]$/;
const MAX_NAME = 40;
const ESC = '\u001B';
/** Anything decodeMnemonics may have to act on: a mnemonic, an escape, a reference, non-ASCII. */
const ACTIONABLE = /[{\u001B&\u0080-\uFFFF]/;

export interface Expansion {
  text: string;
  /** A lone combining mark written before its base, MARC-8 style. */
  floating: boolean;
  /** The MARC-8 byte a hex mnemonic (`{E2}`) names, kept for the full MARC-8 decoding path. */
  byte?: number;
  /** A `{U+XXXX}` code point: the character itself, never a MARC-8 escape. */
  literal?: boolean;
}

/** What one `{name}` stands for, or undefined when it is not a mnemonic this table knows. */
export function lookupMnemonic(name: string): Expansion | undefined {
  const named = Object.prototype.hasOwnProperty.call(MNEMONICS, name) ? MNEMONICS[name] : undefined;
  if (named !== undefined) return { text: named, floating: COMBINING.test(named) };
  if (SINGLE.test(name)) return { text: name, floating: false };
  const hex = HEX_BYTE.exec(name);
  if (hex) {
    const byte = parseInt(hex[1] as string, 16);
    const text = anselToUnicode(byte);
    return text === undefined ? undefined : { text, floating: COMBINING.test(text), byte };
  }
  const cp = CODE_POINT.exec(name);
  if (cp) {
    const code = parseInt(cp[1] as string, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    return { text: String.fromCodePoint(code), floating: false, literal: true };
  }
  return undefined;
}

export interface MnemonicOptions {
  /** Decode MARC-8's `&#xHHHH;` character references (text of a MARC-8 record, leader/09 blank). */
  references?: boolean;
}

export interface DecodedMnemonics {
  text: string;
  /** `{names}` not in the table, kept literally in `text`. */
  unknown: string[];
  /** Byte sequences the MARC-8 decoder could not map (only when an escape needed it). */
  invalid: number;
}

interface Unit {
  ch: string;
  floating: boolean;
  /** A mnemonic's source text and expansion, for rebuilding MARC-8 bytes. */
  source?: Expansion;
}

/**
 * Expand mnemonics, put diacritics after their base, apply MARC-8 escapes, NFC-normalise. Escapes
 * to superscripts, subscripts and Greek symbols are mapped here; one to any other character set
 * (Cyrillic, Hebrew, CJK …) sends the whole value through the MARC-8 decoder instead.
 */
export function decodeMnemonics(input: string, options: MnemonicOptions = {}): DecodedMnemonics {
  const unknown: string[] = [];
  // One native scan settles the common case: plain ASCII, nothing to expand.
  if (!ACTIONABLE.test(input)) return { text: input, unknown, invalid: 0 };
  if (!input.includes('{') && !input.includes(ESC) && !(options.references && input.includes('&#'))) {
    return { text: nfc(input), unknown, invalid: 0 };
  }
  const units = expand(input, unknown);
  const assembled = assemble(units);
  if (assembled === undefined) {
    const decoded = decodeMarc8(toMarc8(units));
    return { text: nfc(decoded.text), unknown, invalid: decoded.invalid };
  }
  const text = options.references ? decodeReferences(assembled) : assembled;
  return { text: nfc(text), unknown, invalid: 0 };
}

function expand(input: string, unknown: string[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < input.length) {
    const close = input[i] === '{' ? input.indexOf('}', i + 1) : -1;
    const name = close > i && close - i <= MAX_NAME + 1 ? input.slice(i + 1, close) : undefined;
    if (name !== undefined && !name.includes('{')) {
      const expansion = lookupMnemonic(name);
      if (expansion) {
        for (const ch of expansion.text) units.push({ ch, floating: expansion.floating, source: expansion });
      } else {
        unknown.push(name);
        for (const ch of input.slice(i, close + 1)) units.push({ ch, floating: false });
      }
      i = close + 1;
      continue;
    }
    const ch = String.fromCodePoint(input.codePointAt(i) as number);
    units.push({ ch, floating: false });
    i += ch.length;
  }
  return units;
}

// prettier-ignore
const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '\u2070', '1': '\u00B9', '2': '\u00B2', '3': '\u00B3', '4': '\u2074', '5': '\u2075',
  '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079', '+': '\u207A', '-': '\u207B',
  '(': '\u207D', ')': '\u207E',
};
// prettier-ignore
const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '\u2080', '1': '\u2081', '2': '\u2082', '3': '\u2083', '4': '\u2084', '5': '\u2085',
  '6': '\u2086', '7': '\u2087', '8': '\u2088', '9': '\u2089', '+': '\u208A', '-': '\u208B',
  '(': '\u208D', ')': '\u208E',
};
const GREEK_SYMBOLS: Readonly<Record<string, string>> = { a: '\u03B1', b: '\u03B2', c: '\u03B3' };

type CharMap = Readonly<Record<string, string>> | null;

/** MARC's one-letter escapes and the two spellings of "back to ASCII"; undefined for any other set. */
function shortEscape(units: Unit[], at: number): { map: CharMap; length: number } | undefined {
  const first = units[at]?.ch;
  const maps: Record<string, CharMap> = { p: SUPERSCRIPTS, b: SUBSCRIPTS, g: GREEK_SYMBOLS, s: null };
  if (first !== undefined && first in maps) return { map: maps[first] as CharMap, length: 1 };
  if ((first === '(' || first === ',') && units[at + 1]?.ch === 'B') return { map: null, length: 2 };
  return undefined;
}

/** Second halves of double diacritics, dropped after their first half (LoC's mapping). */
const SECOND_HALF: Readonly<Record<string, string>> = { '\uFE21': '\u0361', '\uFE23': '\u0360' };

/** Units in Unicode order, or undefined when an escape needs the full MARC-8 tables. */
function assemble(units: Unit[]): string | undefined {
  let out = '';
  let pending = '';
  let map: CharMap = null;
  const open = new Set<string>();
  for (let k = 0; k < units.length; k++) {
    const unit = units[k] as Unit;
    if (unit.ch === ESC && !unit.source?.literal) {
      const escape = shortEscape(units, k + 1);
      if (!escape) return undefined;
      map = escape.map;
      k += escape.length;
    } else if (!unit.floating) {
      out += (map?.[unit.ch] ?? unit.ch) + pending;
      pending = '';
    } else if (open.delete(SECOND_HALF[unit.ch] ?? '')) {
      continue;
    } else {
      if (unit.ch === '\u0361' || unit.ch === '\u0360') open.add(unit.ch);
      pending += unit.ch;
    }
  }
  return out + pending;
}

const REFERENCE = /&#[xX]([0-9A-Fa-f]{1,6});/g;

function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (whole, hex: string) => {
    const code = parseInt(hex, 16);
    return code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? whole : String.fromCodePoint(code);
  });
}

let unicodeToAnsel: Map<string, number> | undefined;

function anselByte(ch: string): number | undefined {
  if (!unicodeToAnsel) {
    unicodeToAnsel = new Map();
    for (const [byte, text] of Object.entries(ANSEL)) unicodeToAnsel.set(text, Number(byte));
  }
  return ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : unicodeToAnsel.get(ch);
}

/**
 * The MARC-8 bytes the units stand for: hex mnemonics as their byte, floating diacritics where
 * they stand, other text through ANSEL with diacritics moved back before their base letter; what
 * ANSEL lacks becomes a `&#xHHHH;` reference, which decodeMarc8 turns back into the character.
 */
function toMarc8(units: Unit[]): Uint8Array {
  const bytes: number[] = [];
  let run = '';
  for (const unit of units) {
    const direct = unit.source?.byte ?? (unit.floating ? anselByte(unit.ch) : undefined);
    if (direct === undefined) {
      run += unit.ch;
      continue;
    }
    pushMarc8(run, bytes);
    run = '';
    bytes.push(direct);
  }
  pushMarc8(run, bytes);
  return Uint8Array.from(bytes);
}

function pushMarc8(text: string, bytes: number[]): void {
  const chars = Array.from(text.normalize('NFD'));
  for (let i = 0; i < chars.length;) {
    let end = i + 1;
    while (end < chars.length && COMBINING.test(chars[end] as string)) end++;
    const cluster = chars.slice(i, end);
    // MARC-8 writes a letter's diacritics before it; a lone leading mark has no letter to follow.
    const ordered = COMBINING.test(cluster[0] as string)
      ? cluster
      : [...cluster.slice(1), cluster[0] as string];
    for (const ch of ordered) {
      const byte = anselByte(ch);
      if (byte !== undefined) bytes.push(byte);
      else
        for (const c of `&#x${(ch.codePointAt(0) as number).toString(16).toUpperCase()};`)
          bytes.push(c.charCodeAt(0));
    }
    i = end;
  }
}

const NON_ASCII = /[^\u0000-\u007F]/;

/** NFC, skipping the call for pure-ASCII text (already NFC), which is most MARC data. */
export function nfc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, '0');
}

/** Characters a .mrk writer must not emit literally, and what it writes instead. */
const RESERVED: Readonly<Record<string, string>> = {
  $: '{dollar}',
  '{': '{lcub}',
  '}': '{rcub}',
  '\\': '{bsol}',
};
const ESCAPED = /[$\\{}\u0000-\u001F\u007F-\u009F]/g;
const ESCAPED_OR_BLANK = /[$\\{}\u0000-\u001F\u007F-\u009F ]/g;

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === ' ') return '\\';
  if (ch === ESC || code >= 0x80) return `{U+${hex(code, 4)}}`;
  return RESERVED[ch] ?? `{${hex(code, 2)}}`;
}

/**
 * Escape text for a .mrk line: the delimiter, braces and backslash as mnemonics, control characters
 * as hex codes (ESC as `{U+001B}`, since `{1B}` starts a MARC-8 escape), everything else literal
 * (UTF-8, like MarcEdit's .mrk8). `blanks` turns spaces into `\`, as in the leader and control fields.
 */
export function encodeMnemonics(text: string, blanks = false): string {
  return text.replace(blanks ? ESCAPED_OR_BLANK : ESCAPED, escapeOne);
}
