/**
 * Sort keys for titles and headings: no diacritics, lower case, no leading punctuation, no
 * trailing ISBD punctuation, single spaces. Letters that Unicode does not decompose into a base
 * letter plus a mark (æ, ø, ß, ł …) are spelled out so they file where readers expect them.
 */
const SPELLED: Record<string, string> = {
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ʻ: '',
  ʼ: '',
};
const SPELLED_CHARS = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');
const MARKS = /\p{M}+/gu;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Decompose, drop the marks, spell out the rest, lower-case. Plain ASCII needs only the last. */
export function foldText(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value.toLowerCase();
  return value
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPELLED_CHARS, (c) => SPELLED[c] ?? c);
}

export function sortKey(value: string): string {
  const s = foldText(value).replace(/\s+/g, ' ');
  let start = 0;
  while (start < s.length && !isLetterOrNumber(s.charCodeAt(start), s, start)) start++;
  let end = s.length;
  while (end > start && isTrailingPunctuation(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isLetterOrNumber(c: number, s: string, at: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER_OR_NUMBER.test(s[at] as string);
}

/** Space , / ; : = . — what ISBD leaves at the end of a title. */
function isTrailingPunctuation(c: number): boolean {
  return c === 32 || c === 44 || c === 47 || c === 59 || c === 58 || c === 61 || c === 46;
}

/**
 * A title's sort key without its non-filing characters (245 ind2 = how many to skip). MARC counts
 * a combining diacritic as a character of its own, so the count is applied to the decomposed text.
 * A count that would leave nothing is ignored as a cataloguing slip.
 */
export function titleSortKey(title: string, nonFiling: number): string {
  const decomposed = PRINTABLE_ASCII.test(title) ? title : title.normalize('NFD');
  const skipped = nonFiling > 0 && nonFiling < decomposed.length ? decomposed.slice(nonFiling) : decomposed;
  const key = sortKey(skipped);
  return key.length > 0 ? key : sortKey(decomposed);
}
