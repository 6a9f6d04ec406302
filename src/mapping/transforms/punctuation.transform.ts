/**
 * ISBD punctuation off the ends of MARC values, after traject's Marc21.trim_punctuation:
 * trailing " /", " :", " ;", ",", " =" go; a trailing period goes only after three or more word
 * characters (or after one CJK character: those scripts do not abbreviate with a period), so
 * initials and abbreviations ("Smith, J.", "U.S.", "24 cm.") keep theirs. Square brackets around
 * the whole value ("[London]", "[1975]") or left unbalanced by the subfield split ("[London")
 * go; the bracketed placeholders "[s.n.]", "[s.l.]", "[n.d.]", "[s.d.]" keep theirs, because without
 * them they read as words.
 *
 * Written as a scan from the end rather than regular expressions: it runs on almost every value of
 * every record, and end-anchored patterns make the regex engine try every start position.
 */
const WORD_BEFORE_PERIOD = /(?:[\p{L}\p{N}_]{3}|[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])$/u;

export function trimPunctuation(value: string): string {
  let end = trailingIsbdStart(value);
  if (
    end > 0 &&
    value.charCodeAt(end - 1) === 46 /* . */ &&
    WORD_BEFORE_PERIOD.test(value.slice(Math.max(0, end - 4), end - 1))
  ) {
    end--;
    while (end > 0 && isSpace(value.charCodeAt(end - 1))) end--;
  }
  let start = 0;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  const s = start === 0 && end === value.length ? value : value.slice(start, end);
  if (!s.includes('[') && !s.includes(']')) return s;
  const unbracketed = stripUnbalancedBrackets(s);
  // "[yesu Samāja Saṅgati,]" hides a comma inside the brackets: trim again once they are gone.
  return unbracketed === s ? s : trimPunctuation(unbracketed);
}

/** Only the trailing ISBD marks (" =", " :", " ;", " /", ","), never a period: for joining subfields. */
export function trimTrailingIsbd(value: string): string {
  const end = trailingIsbdStart(value);
  let start = 0;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function trailingIsbdStart(value: string): number {
  let end = value.length;
  while (end > 0 && isTrailingIsbd(value.charCodeAt(end - 1))) end--;
  return end;
}

/** White space, comma, slash, semicolon, colon, equals. */
function isTrailingIsbd(c: number): boolean {
  return isSpace(c) || c === 44 || c === 47 || c === 59 || c === 58 || c === 61;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}

const PLACEHOLDER = /^\[(?:s\.\s?n|s\.\s?l|[ns]\.\s?d)\.?\]$/i;

function stripUnbalancedBrackets(s: string): string {
  const opens = count(s, '[');
  const closes = count(s, ']');
  if (opens === 1 && closes === 1 && s.startsWith('[') && s.endsWith(']')) {
    return PLACEHOLDER.test(s) ? s : s.slice(1, -1).trim();
  }
  if (opens === closes) return s;
  if (s.startsWith('[') && opens > closes) return s.slice(1).trim();
  if (s.endsWith(']') && closes > opens) return s.slice(0, -1).trim();
  return s;
}

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}
