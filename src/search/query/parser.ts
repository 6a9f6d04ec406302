import type { QueryNode, SearchField } from './ast';
import { codePointOffset, END_OF_QUERY, QuerySyntaxError, tooDeep, tooManyTerms } from './errors';
import { scanToken, type LexMode, type Token } from './lexer';
import { checkQueryLength, resolveLimits, type QueryLimits } from './limits';

/**
 * Query text → AST (grammar in docs/query-language.md):
 *
 *   query   = or EOF
 *   or      = and { ("OR" | "||") and }
 *   and     = unary { ["AND" | "&&"] unary }        adjacent clauses: implicit AND
 *   unary   = ("NOT" | "-") unary | primary
 *   primary = "(" or ")" | FIELD ":" value | WORD | PHRASE
 *   value   = "(" or ")" | WORD | PHRASE | YEAR      the field applies inside the group
 *
 * Undefined means "match everything": empty or blank text, a lone `*`, or text that is all
 * punctuation. The AST is in normal form: no `and` directly inside an `and` (nor `or` in `or`),
 * no single-child `and`/`or`; printQuery's output parses back to the same tree.
 */
export type ParseOptions = Partial<QueryLimits>;

export function parseQuery(text: string, options: ParseOptions = {}): QueryNode | undefined {
  const limits = resolveLimits(options);
  checkQueryLength(text, limits.maxLength);
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return undefined;
  return new QueryParser(text, limits).parse();
}

type Bool = 'and' | 'or';

const STARTS_CLAUSE: ReadonlySet<Token['kind']> = new Set([
  'word',
  'phrase',
  'range',
  'field',
  'lparen',
  'not',
  'minus',
]);

const CLAUSE_EXPECTED = ['a word', 'a "phrase"', 'field:value', '(', 'NOT'];

const MIN_PREFIX = 2;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

class QueryParser {
  private pos = 0;
  private depth = 0;
  private leaves = 0;

  constructor(
    private readonly text: string,
    private readonly limits: QueryLimits,
  ) {}

  parse(): QueryNode | undefined {
    const node = this.parseOr(undefined);
    const rest = this.next(undefined);
    // parseOr stops only before `)` or the end, so anything left is an unopened `)`.
    if (rest.kind !== 'eof') throw this.unexpected(rest, [...CLAUSE_EXPECTED, 'AND', 'OR', END_OF_QUERY]);
    return node;
  }

  private parseOr(field: SearchField | undefined): QueryNode | undefined {
    const parts = [this.parseAnd(field)];
    while (this.peek(field).kind === 'or') {
      this.next(field);
      parts.push(this.parseAnd(field));
    }
    return combine('or', parts);
  }

  private parseAnd(field: SearchField | undefined): QueryNode | undefined {
    const parts = [this.parseUnary(field)];
    for (;;) {
      const token = this.peek(field);
      if (token.kind === 'and') this.next(field);
      else if (!STARTS_CLAUSE.has(token.kind)) return combine('and', parts);
      parts.push(this.parseUnary(field));
    }
  }

  private parseUnary(field: SearchField | undefined): QueryNode | undefined {
    const token = this.peek(field);
    if (token.kind !== 'not' && token.kind !== 'minus') return this.parsePrimary(field);
    this.next(field);
    this.enter(token);
    const child = this.parseUnary(field);
    this.depth--;
    return child && { type: 'not', child };
  }

  private parsePrimary(field: SearchField | undefined): QueryNode | undefined {
    const token = this.next(field);
    switch (token.kind) {
      case 'lparen':
        return this.parseGroup(token, field);
      case 'field':
        return this.parseFieldValue(token.field);
      case 'word':
      case 'phrase':
      case 'range':
        return this.leaf(token, field);
      default:
        throw this.unexpected(token, CLAUSE_EXPECTED);
    }
  }

  private parseFieldValue(field: SearchField): QueryNode | undefined {
    const token = this.next(field, true);
    switch (token.kind) {
      case 'lparen':
        return this.parseGroup(token, field);
      case 'word':
      case 'phrase':
      case 'range':
        return this.leaf(token, field);
      default:
        throw this.unexpected(token, [`a value for ${field}:`, `(`]);
    }
  }

  private parseGroup(open: Token, field: SearchField | undefined): QueryNode | undefined {
    this.enter(open);
    const inner = this.parseOr(field);
    const close = this.next(field);
    if (close.kind !== 'rparen') {
      const openedAt = codePointOffset(this.text, open.start);
      throw this.unexpected(close, [`) to close the group opened at position ${openedAt}`], { openedAt });
    }
    this.depth--;
    return inner;
  }

  private leaf(token: Token, field: SearchField | undefined): QueryNode | undefined {
    let node: QueryNode | undefined;
    if (token.kind === 'range') node = { type: 'range', field: 'year', ...token.range };
    else if (token.kind === 'word') node = this.term(token, field);
    else if (token.kind === 'phrase' && hasLetterOrDigit(token.value)) {
      node = field ? { type: 'phrase', field, value: token.value } : { type: 'phrase', value: token.value };
    }
    if (node && ++this.leaves > this.limits.maxTerms) {
      throw tooManyTerms(this.text, token.start, this.limits.maxTerms);
    }
    return node;
  }

  /** A word with no letter or digit (`:`, `/`, `--`, `&`) is ISBD punctuation: it is dropped. */
  private term(token: Token & { kind: 'word' }, field: SearchField | undefined): QueryNode | undefined {
    const { value, prefix } = token;
    if (prefix && countLettersAndDigits(value) < MIN_PREFIX) {
      const raw = this.text.slice(token.start, token.end);
      throw new QuerySyntaxError(this.text, token.start, {
        problem: `prefix \`${raw}\` is too short`,
        found: raw,
        expected: [`at least ${MIN_PREFIX} letters or digits before *`],
        hint: 'a shorter prefix would match nearly everything; leave the query empty to match all',
      });
    }
    if (!hasLetterOrDigit(value)) return undefined;
    return field ? { type: 'term', field, value, prefix } : { type: 'term', value, prefix };
  }

  private enter(token: Token): void {
    if (++this.depth > this.limits.maxDepth) throw tooDeep(this.text, token.start, this.limits.maxDepth);
  }

  private peek(field: SearchField | undefined, value = false): Token {
    return scanToken(this.text, this.pos, modeFor(field, value));
  }

  private next(field: SearchField | undefined, value = false): Token {
    const token = this.peek(field, value);
    this.pos = token.end;
    return token;
  }

  private unexpected(token: Token, expected: readonly string[], extra?: Record<string, unknown>) {
    const found = describe(this.text, token);
    return new QuerySyntaxError(this.text, token.start, {
      problem: `unexpected ${found}`,
      found,
      expected,
      ...(extra ? { extra } : {}),
    });
  }
}

function modeFor(field: SearchField | undefined, value: boolean): LexMode {
  return { value, year: field === 'year' };
}

function describe(text: string, token: Token): string {
  return token.kind === 'eof' ? END_OF_QUERY : `\`${text.slice(token.start, token.end)}\``;
}

/** Drops dropped clauses, flattens `a AND (b AND c)`, and unwraps a single child. */
function combine(type: Bool, parts: (QueryNode | undefined)[]): QueryNode | undefined {
  const children: QueryNode[] = [];
  for (const part of parts) {
    if (part === undefined) continue;
    if (part.type === type) children.push(...part.children);
    else children.push(part);
  }
  if (children.length <= 1) return children[0];
  return { type, children };
}

function hasLetterOrDigit(value: string): boolean {
  return /[\p{L}\p{N}]/u.test(value);
}

function countLettersAndDigits(value: string): number {
  return value.match(LETTER_OR_DIGIT)?.length ?? 0;
}
