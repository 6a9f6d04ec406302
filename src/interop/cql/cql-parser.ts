import { codePointOffset } from '../../search/query/errors';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../../search/query/limits';
import type {
  CqlBooleanOp,
  CqlClause,
  CqlIndex,
  CqlModifier,
  CqlNode,
  CqlQuery,
  CqlSortKey,
} from './cql-ast';
import { CQL_DIAGNOSTICS, CqlError } from './cql-error';
import { cqlTokens, type CqlToken } from './cql-lexer';

/**
 * CQL 1.2 text → CqlQuery. The grammar (CQL 1.2, "BNF"):
 *
 *   sortedQuery      = prefixAssignment sortedQuery | scopedClause ["sortby" sortSpec]
 *   cqlQuery         = prefixAssignment cqlQuery | scopedClause
 *   prefixAssignment = ">" prefix "=" uri | ">" uri
 *   scopedClause     = scopedClause booleanGroup searchClause | searchClause
 *   booleanGroup     = boolean [modifierList]          and | or | not | prox, any case
 *   searchClause     = "(" cqlQuery ")" | index relation searchTerm | searchTerm
 *   relation         = comparison [modifierList]       a symbol or a named relation (all, any …)
 *   modifierList     = { "/" modifierName [comparisonSymbol modifierValue] }
 *   sortSpec         = { index [modifierList] }
 *
 * Booleans all have the same precedence and group left to right: `a and b or c` is
 * `(a and b) or c`. A prefix assignment holds inside the parentheses it is written in.
 * Errors carry their SRU diagnostic: 10 syntax, 13 parentheses, 14 quotes, 12 length.
 */
export function parseCql(text: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): CqlQuery {
  const length = [...text].length;
  if (length > limits.maxLength) {
    throw new CqlError(
      CQL_DIAGNOSTICS.tooLong,
      String(limits.maxLength),
      `the query is ${length} characters long: the limit is ${limits.maxLength}`,
    );
  }
  if (text.trim() === '') throw new CqlError(CQL_DIAGNOSTICS.syntax, '0', 'the query is empty');
  return new CqlParser(text, limits).parse();
}

const BOOLEANS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'prox']);

/** Prefix → context set URI; '' is the default set for unprefixed indexes. */
type Scope = ReadonlyMap<string, string>;

class CqlParser {
  private readonly tokens: CqlToken[];
  private pos = 0;
  private depth = 0;
  private clauses = 0;

  constructor(
    private readonly text: string,
    private readonly limits: QueryLimits,
  ) {
    this.tokens = cqlTokens(text);
  }

  parse(): CqlQuery {
    const scope = this.prefixes(new Map());
    const root = this.scopedClause(scope);
    const sortBy: CqlSortKey[] = [];
    if (this.isWord(this.peek(), 'sortby')) {
      this.next();
      while (this.peek().kind === 'string') {
        const index = this.index(this.next(), scope);
        sortBy.push({ index, modifiers: this.modifiers() });
      }
      if (sortBy.length === 0) throw this.syntax(this.peek(), 'an index to sort by after sortBy');
    }
    const rest = this.peek();
    if (rest.kind === 'rparen') throw this.parenthesis(rest, 'a `)` that closes no `(`');
    if (rest.kind !== 'eof') throw this.syntax(rest, 'a boolean (and, or, not), sortBy or the end');
    return { root, sortBy };
  }

  /** `>dc="info:…"` and `>"info:…"`, as many as are written; the scope they make. */
  private prefixes(outer: Scope): Scope {
    let scope = outer;
    while (this.peek().kind === 'comparison' && this.peek().value === '>') {
      this.next();
      const first = this.expectString('a context set prefix or URI after `>`');
      const copy = new Map(scope);
      if (this.peek().kind === 'comparison' && this.peek().value === '=') {
        this.next();
        const uri = this.expectString('a context set URI after `=`');
        copy.set(first.value.toLowerCase(), unescape(uri.value));
      } else {
        copy.set('', unescape(first.value));
      }
      scope = copy;
    }
    return scope;
  }

  private scopedClause(scope: Scope): CqlNode {
    let left = this.searchClause(scope);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'string' || token.quoted || !BOOLEANS.has(token.value.toLowerCase())) return left;
      this.next();
      const modifiers = this.modifiers();
      const right = this.searchClause(scope);
      const op = token.value.toLowerCase() as CqlBooleanOp;
      left = { type: 'boolean', op, modifiers, left, right, at: token.start };
    }
  }

  private searchClause(scope: Scope): CqlNode {
    const token = this.next();
    if (token.kind === 'lparen') return this.group(token, scope);
    if (token.kind === 'rparen') throw this.parenthesis(token, 'a `)` where a search clause should start');
    if (token.kind !== 'string') throw this.syntax(token, 'a search term, an index or `(`');
    if (++this.clauses > this.limits.maxTerms) {
      throw new CqlError(
        CQL_DIAGNOSTICS.tooManyBooleans,
        String(this.limits.maxTerms - 1),
        `the query has more than ${this.limits.maxTerms} search clauses`,
      );
    }
    const after = this.peek();
    if (after.kind === 'comparison' || this.isNamedRelation(after)) {
      this.next();
      const relation = relationName(after.value);
      const relationModifiers = this.modifiers();
      const term = this.expectString(`a search term after the relation \`${after.value}\``);
      const index = this.index(token, scope);
      const clause: CqlClause = {
        type: 'clause',
        index,
        relation,
        relationModifiers,
        term: term.value,
        at: token.start,
      };
      return clause;
    }
    return { type: 'clause', relation: '=', relationModifiers: [], term: token.value, at: token.start };
  }

  private group(open: CqlToken, scope: Scope): CqlNode {
    if (++this.depth > this.limits.maxDepth) {
      throw new CqlError(
        CQL_DIAGNOSTICS.parentheses,
        String(this.at(open)),
        `parentheses nest more than ${this.limits.maxDepth} deep at position ${this.at(open)}`,
      );
    }
    const inner = this.scopedClause(this.prefixes(scope));
    const close = this.next();
    if (close.kind !== 'rparen') {
      const found = this.describe(close);
      throw new CqlError(
        CQL_DIAGNOSTICS.parentheses,
        String(this.at(close)),
        `expected \`)\` to close the \`(\` at position ${this.at(open)}, found ${found} at position ${this.at(close)}`,
      );
    }
    this.depth--;
    return inner;
  }

  private modifiers(): CqlModifier[] {
    const list: CqlModifier[] = [];
    while (this.peek().kind === 'slash') {
      this.next();
      const name = this.expectString('a modifier name after `/`');
      const modifier: CqlModifier = { name: unescape(name.value).toLowerCase() };
      if (this.peek().kind === 'comparison') {
        modifier.comparison = this.next().value;
        modifier.value = unescape(this.expectString('a modifier value').value);
      }
      list.push(modifier);
    }
    return list;
  }

  /** A word that is not a boolean or sortBy, right after a term: the relation (`any`, `cql.all`). */
  private isNamedRelation(token: CqlToken): boolean {
    if (token.kind !== 'string' || token.quoted) return false;
    const word = token.value.toLowerCase();
    return !BOOLEANS.has(word) && word !== 'sortby';
  }

  private index(token: CqlToken, scope: Scope): CqlIndex {
    const name = unescape(token.value);
    const dot = name.indexOf('.');
    if (dot <= 0) {
      const set = scope.get('');
      return set === undefined ? { name, local: name } : { name, local: name, set };
    }
    const prefix = name.slice(0, dot).toLowerCase();
    const index: CqlIndex = { name, prefix, local: name.slice(dot + 1) };
    const set = scope.get(prefix);
    if (set !== undefined) index.set = set;
    return index;
  }

  private isWord(token: CqlToken, word: string): boolean {
    return token.kind === 'string' && !token.quoted && token.value.toLowerCase() === word;
  }

  private expectString(what: string): CqlToken {
    const token = this.next();
    if (token.kind !== 'string') throw this.syntax(token, what);
    return token;
  }

  private peek(): CqlToken {
    return this.tokens[this.pos] as CqlToken;
  }

  private next(): CqlToken {
    const token = this.tokens[this.pos] as CqlToken;
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private at(token: CqlToken): number {
    return codePointOffset(this.text, token.start);
  }

  private describe(token: CqlToken): string {
    return token.kind === 'eof' ? 'the end of the query' : `\`${this.text.slice(token.start, token.end)}\``;
  }

  private syntax(token: CqlToken, expected: string): CqlError {
    const at = this.at(token);
    return new CqlError(
      CQL_DIAGNOSTICS.syntax,
      String(at),
      `unexpected ${this.describe(token)} at position ${at}: expected ${expected}`,
    );
  }

  private parenthesis(token: CqlToken, what: string): CqlError {
    const at = this.at(token);
    return new CqlError(CQL_DIAGNOSTICS.parentheses, String(at), `${what} at position ${at}`);
  }
}

/** `cql.all` is `all`; named relations compare case-insensitively. */
function relationName(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('cql.') ? lower.slice(4) : lower;
}

/** A string's backslash escapes resolved: `\"` → `"`, `\\` → `\`, `\*` → `*`. */
export function unescape(value: string): string {
  return value.replace(/\\(.)/gsu, '$1');
}
