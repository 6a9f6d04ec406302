/**
 * The part of a call number after its class number, as sortable tokens. Cutters (".J38", "S53")
 * keep their digits as decimal fractions, so .J38 < .J4; every other number is a whole number and
 * is written length first ("2" → "12", "10" → "210", "2005" → "42005"), so v.2 < v.10 and years
 * compare as numbers however many digits they have. Tokens are joined with single spaces, which
 * sort below every letter and digit: "nothing" files before "something".
 *
 * A scanner rather than regular expressions: keys are made for every call number of every record.
 */

/**
 * A whole number that sorts bytewise by value: its digit count as one character ('1'–'9', then
 * ':' ';' … for longer runs, all above the space separator and below letters up to 16 digits),
 * then the digits without leading zeros.
 */
export function wholeNumberKey(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++;
  const trimmed = start === 0 ? digits : digits.slice(start);
  return String.fromCharCode(48 + trimmed.length) + trimmed;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => c >= 65 && c <= 90;

/**
 * Tokens of upper-cased text. A run of one or two letters followed by digits is a cutter when a
 * period precedes it, when it comes first, or when it follows another cutter ("J38 S53"); a work
 * letter may follow its digits ("B72A"). Elsewhere "V2" or "C1" is a word and a padded number.
 */
export function tailTokens(upper: string, cutters = true): string[] {
  const tokens: string[] = [];
  const n = upper.length;
  let i = 0;
  let afterPeriod = false;
  let previousWasCutter = false;
  while (i < n) {
    const c = upper.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c)) {
      if (c === 46) afterPeriod = true;
      i++;
      continue;
    }
    const end =
      cutters && (afterPeriod || tokens.length === 0 || previousWasCutter) ? cutterEnd(upper, i) : -1;
    if (end > 0) {
      tokens.push(upper.slice(i, end));
      previousWasCutter = true;
      i = end;
    } else {
      i = plainToken(upper, i, tokens);
      previousWasCutter = false;
    }
    afterPeriod = false;
  }
  return tokens;
}

/** End of a cutter starting at `i`, or -1. */
function cutterEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isLetter(s.charCodeAt(j))) j++;
  if (j - i < 1 || j - i > 2 || j >= s.length || !isDigit(s.charCodeAt(j))) return -1;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  let k = j;
  while (k < s.length && isLetter(s.charCodeAt(k))) k++;
  // Letters followed by digits start the next cutter ("J38S53"); otherwise they are a work letter.
  return k < s.length && isDigit(s.charCodeAt(k)) ? j : k;
}

/** Pushes a word, or a whole number with any letters stuck to it ("2005A"); returns the next index. */
function plainToken(s: string, i: number, tokens: string[]): number {
  let j = i;
  if (isDigit(s.charCodeAt(i))) {
    while (j < s.length && isDigit(s.charCodeAt(j))) j++;
    let k = j;
    while (k < s.length && isLetter(s.charCodeAt(k))) k++;
    tokens.push(wholeNumberKey(s.slice(i, j)) + s.slice(j, k));
    return k;
  }
  while (j < s.length && isLetter(s.charCodeAt(j))) j++;
  tokens.push(s.slice(i, j));
  return j;
}

/** Upper case, no surrounding blanks; inner white space is a separator like any punctuation. */
export function canonicalText(text: string): string {
  return text.toUpperCase().trim();
}
