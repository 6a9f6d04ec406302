import { codePointOffset } from '../../search/query/errors';
import { CQL_DIAGNOSTICS, CqlError } from './cql-error';

/**
 * CQL's tokens: `(`, `)`, `/`, the comparison symbols, and strings, either runs of characters
 * other than whitespace and `()=<>"/` or double-quoted with `\"` inside. A string's text keeps
 * its backslash escapes, so the mapper can tell a masking `*` from an escaped `\*`; booleans and
 * `sortby` are strings too (CQL lets them be terms), recognised by the parser in context.
 */
export type CqlTokenKind = 'lparen' | 'rparen' | 'slash' | 'comparison' | 'string' | 'eof';

export interface CqlToken {
  kind: CqlTokenKind;
  /** A string's text between its quotes (escapes kept), or the symbol itself. */
  value: string;
  quoted: boolean;
  start: number;
  end: number;
}

const SYMBOLS = ['==', '<>', '<=', '>=', '=', '<', '>'] as const;
const WORD_END = /[\s()=<>"/]/u;

export function cqlTokens(text: string): CqlToken[] {
  const tokens: CqlToken[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/u.test(text[i] as string)) i++;
    if (i >= text.length) {
      tokens.push({ kind: 'eof', value: '', quoted: false, start: i, end: i });
      return tokens;
    }
    const token = scan(text, i);
    tokens.push(token);
    i = token.end;
  }
}

function scan(text: string, start: number): CqlToken {
  const ch = text[start] as string;
  if (ch === '(') return symbol('lparen', ch, start);
  if (ch === ')') return symbol('rparen', ch, start);
  if (ch === '/') return symbol('slash', ch, start);
  const sym = SYMBOLS.find((s) => text.startsWith(s, start));
  if (sym) return symbol('comparison', sym, start);
  if (ch === '"') return quoted(text, start);
  let i = start;
  while (i < text.length && !WORD_END.test(text[i] as string)) {
    // A backslash takes the next character with it, whatever it is (`a\(b` is one word).
    i += text[i] === '\\' && i + 1 < text.length ? 2 : 1;
  }
  return { kind: 'string', value: text.slice(start, i), quoted: false, start, end: i };
}

function quoted(text: string, start: number): CqlToken {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length) {
    const at = codePointOffset(text, start);
    throw new CqlError(
      CQL_DIAGNOSTICS.quotes,
      String(at),
      `the quote opened at position ${at} is never closed`,
    );
  }
  return { kind: 'string', value: text.slice(start + 1, i), quoted: true, start, end: i + 1 };
}

function symbol(kind: CqlTokenKind, value: string, start: number): CqlToken {
  return { kind, value, quoted: false, start, end: start + value.length };
}
