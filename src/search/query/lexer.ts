import { SEARCH_FIELDS, type SearchField } from './ast';
import { codePointOffset, END_OF_QUERY, QuerySyntaxError } from './errors';
import { closestField, fieldNamed } from './fields';
import {
  emptyRangeReason,
  yearFromBrackets,
  yearFromWord,
  YEAR_EXPECTED,
  type YearRange,
} from './year-value';

/**
 * The query language's tokens. The lexer is driven by the parser, one token at a time, because
 * what a character means depends on where it stands: `-` is NOT at the start of a clause but part
 * of the value in `isbn:0-14-044793-X`; `[` opens a range only where a year is expected.
 * Offsets are UTF-16 indexes into the query text; errors convert them to code points.
 */
export interface Span {
  start: number;
  end: number;
}

export type Token =
  | (Span & { kind: 'eof' | 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' })
  | (Span & { kind: 'field'; field: SearchField })
  | (Span & { kind: 'word'; value: string; prefix: boolean })
  | (Span & { kind: 'phrase'; value: string })
  | (Span & { kind: 'range'; range: YearRange });

export interface LexMode {
  /** Right after `field:`: operators, a leading `-` and `name:` are plain text there. */
  value: boolean;
  /** The field in effect is `year`: words are years, `[` and `{` open a range. */
  year: boolean;
}

const OPERATORS: ReadonlyMap<string, 'and' | 'or' | 'not'> = new Map([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
  ['&&', 'and'],
  ['||', 'or'],
] as const);

const FIELD_NAME = /\p{L}[\p{L}\p{N}_]*:/uy;
/**
 * A MARC organisation-code prefix glued to a value: `(OCoLC)12345`, `(DLC)79021834`,
 * `(DE-588)4001234-5`. Kept as part of the word rather than read as a group, or the identifier
 * would fall apart; a group is followed by a space, `)` or the end, never by more text.
 */
const ORG_CODE = /\(\p{L}[\p{L}\p{N}-]{0,15}\)(?=[^\s\p{Cc}()"])/uy;
const SPACE = /^[\s\p{Cc}]$/u;

export function scanToken(text: string, from: number, mode: LexMode): Token {
  const start = skipSpace(text, from);
  const c = text[start];
  if (c === undefined) return { kind: 'eof', start, end: start };
  if (c === '"') return mode.year ? phraseAsYear(text, start) : scanPhrase(text, start);
  if (c === ')') return { kind: 'rparen', start, end: start + 1 };
  if (c === '(' && matchAt(ORG_CODE, text, start) === undefined)
    return { kind: 'lparen', start, end: start + 1 };
  if (mode.year && (c === '[' || c === '{')) return scanBrackets(text, start);
  if (!mode.value) {
    if (c === '-' && startsOperand(text[start + 1])) return { kind: 'minus', start, end: start + 1 };
    const field = scanField(text, start);
    if (field) return field;
  }
  return scanWordToken(text, start, mode);
}

export function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code <= 0x20) return true;
  if (code < 0x7f) return false;
  return SPACE.test(c);
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text[i] as string)) i++;
  return i;
}

function isBreak(c: string): boolean {
  return c === '(' || c === ')' || c === '"' || isSpace(c);
}

/** `-` is NOT only when glued to what it negates; a lone `-` or `--` is ISBD punctuation. */
function startsOperand(c: string | undefined): boolean {
  return c !== undefined && c !== '-' && c !== ')' && !isSpace(c);
}

function matchAt(pattern: RegExp, text: string, start: number): string | undefined {
  pattern.lastIndex = start;
  return pattern.exec(text)?.[0];
}

/**
 * `name:` at a clause start. A known name is a field. An unknown one is a mistake (`tilte:x`)
 * unless the colon ends the word (`Hamlet: prince` pasted from a title) or starts `//` (a URL):
 * then it is ordinary text.
 */
function scanField(text: string, start: number): Token | undefined {
  const match = matchAt(FIELD_NAME, text, start);
  if (match === undefined) return undefined;
  const name = match.slice(0, -1);
  const end = start + match.length;
  const field = fieldNamed(name);
  if (field) return { kind: 'field', field, start, end };
  const after = text[end];
  if (after === undefined || after === '/' || isBreak(after)) return undefined;
  const suggestion = closestField(name);
  const hint = suggestion ? `did you mean ${suggestion}:? ` : '';
  throw new QuerySyntaxError(text, start, {
    problem: `unknown field \`${name}\``,
    found: name,
    expected: SEARCH_FIELDS,
    hint: `${hint}to search for the text itself, put it in quotes or write the colon as \\:`,
    extra: { field: name },
  });
}

interface Piece {
  text: string;
  escaped: boolean;
}

/** A word runs to a space, a parenthesis or a quote; `\` makes the next character plain text. */
function scanWord(text: string, start: number): { pieces: Piece[]; end: number } {
  const pieces: Piece[] = [];
  let i = start;
  const org = matchAt(ORG_CODE, text, start);
  if (org !== undefined) {
    pieces.push({ text: org, escaped: false });
    i += org.length;
  }
  while (i < text.length && !isBreak(text[i] as string)) {
    const escaped = text[i] === '\\' && i + 1 < text.length;
    if (escaped) i++;
    const piece = String.fromCodePoint(text.codePointAt(i) as number);
    pieces.push({ text: piece, escaped });
    i += piece.length;
  }
  return { pieces, end: i };
}

/**
 * Trailing colons are dropped (`Hamlet:` from a pasted title); trailing `*` marks a prefix. An
 * escaped `\*` or `\:` stays text.
 */
function wordValue(pieces: Piece[]): { value: string; prefix: boolean } {
  let n = pieces.length;
  const isPlain = (i: number, ch: string) => pieces[i]?.text === ch && !pieces[i]?.escaped;
  while (n > 0 && isPlain(n - 1, ':')) n--;
  let prefixEnd = n;
  while (prefixEnd > 0 && isPlain(prefixEnd - 1, '*')) prefixEnd--;
  const value = pieces
    .slice(0, prefixEnd)
    .map((p) => p.text)
    .join('')
    .normalize('NFC');
  return { value, prefix: prefixEnd < n };
}

function scanWordToken(text: string, start: number, mode: LexMode): Token {
  const { pieces, end } = scanWord(text, start);
  const operator = mode.value ? undefined : OPERATORS.get(text.slice(start, end));
  if (operator) return { kind: operator, start, end };
  const { value, prefix } = wordValue(pieces);
  if (!mode.year) return { kind: 'word', value, prefix, start, end };
  return yearToken(text, { start, end }, yearFromWord(value, prefix));
}

function scanPhrase(text: string, start: number): Token & { kind: 'phrase' } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '*') throw starredPhrase(text, i + 1);
      return { kind: 'phrase', value: tidyPhrase(value), start, end: i + 1 };
    }
    if (text[i] === '\\' && i + 1 < text.length) i++;
    const piece = String.fromCodePoint(text.codePointAt(i) as number);
    value += piece;
    i += piece.length;
  }
  const openedAt = codePointOffset(text, start);
  throw new QuerySyntaxError(text, text.length, {
    problem: 'unterminated phrase',
    found: END_OF_QUERY,
    expected: [`\`"\` to close the phrase opened at position ${openedAt}`],
    extra: { openedAt },
  });
}

function starredPhrase(text: string, index: number): QuerySyntaxError {
  return new QuerySyntaxError(text, index, {
    problem: 'unexpected `*` after a phrase',
    found: '*',
    expected: ['a space, `)` or the end of the query'],
    hint: 'a phrase cannot be a prefix; put the * on a word outside the quotes',
  });
}

/** Spacing inside quotes carries no meaning; one canonical form keeps echoes and caches stable. */
function tidyPhrase(value: string): string {
  return value
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
    .normalize('NFC');
}

function phraseAsYear(text: string, start: number): Token {
  const phrase = scanPhrase(text, start);
  return yearToken(text, phrase, yearFromWord(phrase.value, false));
}

function scanBrackets(text: string, start: number): Token {
  const found = yearFromBrackets(text, start);
  if (found) return yearToken(text, { start, end: found.end }, found.range);
  return yearToken(text, { start, end: scanWord(text, start).end }, undefined);
}

function yearToken(text: string, span: Span, range: YearRange | undefined): Token {
  const raw = text.slice(span.start, span.end);
  if (range === undefined) {
    throw new QuerySyntaxError(text, span.start, {
      problem: `invalid year \`${raw}\``,
      found: raw,
      expected: YEAR_EXPECTED,
    });
  }
  const empty = emptyRangeReason(range);
  if (empty !== undefined) {
    throw new QuerySyntaxError(text, span.start, {
      problem: `empty year range \`${raw}\``,
      found: raw,
      expected: ['a range whose start is not after its end, within years 0 to 9999'],
      hint: empty,
    });
  }
  return { kind: 'range', range, start: span.start, end: span.end };
}
