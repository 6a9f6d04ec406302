/**
 * Text folding shared by indexing and querying, so both sides of a comparison are made the same way.
 * unicode61's remove_diacritics only strips combining marks; letters that are not "letter + mark"
 * (ł ø æ œ ß đ þ ð ı) survive it, so we fold them here in JS before FTS5 ever sees the text.
 */

/** Letters that NFKD leaves alone but readers type without their stroke or ligature. */
const LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  þ: 'th',
  ð: 'd',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ĸ: 'k',
  ŋ: 'n',
  ς: 'σ',
};
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/**
 * Combining marks except the kana voicing marks (U+3099, U+309A): stripping those would make が
 * equal か, a different syllable, not a diacritic variant.
 */
const MARKS = /(?![\u3099\u309a])\p{M}/gu;

/**
 * Scripts written without spaces between words (and Hangul, whose compounds are searched by
 * part). unicode61 makes a whole run of them one token, so a substring could never match; one
 * token per character plus phrase queries gives substring search on the ordinary index.
 */
const CJK =
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script=Hangul}]/u;
const CJK_EACH = new RegExp(CJK.source, 'gu');

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Case-folded, marks stripped, special letters mapped; CJK left as written (one string). */
export function foldCore(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  // NFC after stripping recomposes what NFKD split but we keep: Hangul syllables, voiced kana.
  const stripped = text.normalize('NFKD').replace(MARKS, '').normalize('NFC');
  return stripped.toLowerCase().replace(LETTER_PATTERN, (letter) => LETTERS[letter] ?? letter);
}

/** What goes into (and is matched against) the FTS columns: folded, each CJK character its own word. */
export function fold(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  const core = foldCore(text);
  if (!CJK.test(core)) return core;
  return core
    .replace(CJK_EACH, (ch) => ` ${ch} `)
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Sort and browse key: folded, punctuation and spacing collapsed to one space, so "Smith, John,
 * 1950-" and the anchor "smith john" compare as a reader expects.
 */
export function sortKey(text: string): string {
  if (ASCII_ONLY.test(text)) {
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return foldCore(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}
