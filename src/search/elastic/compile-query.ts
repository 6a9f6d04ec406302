import type { estypes } from '@elastic/elasticsearch';
import { AppError } from '../../errors/app-error';
import type { QueryNode, SearchField } from '../query/ast';
import { callNumberKeyRange } from '../common/browse-anchor';
import { sortKey } from '../common/fold';
import { callNumberForm, queryIdentifierTokens, type IdentifierKind } from '../common/identifier-forms';
import {
  FIELD_TEXT,
  IDENTIFIER_FIELDS,
  TEXT_FIELDS,
  TEXT_WEIGHTS,
  type TextField,
} from '../common/text-fields';
import { queryWords } from './tokens';

/**
 * The query AST compiled to the query DSL; user text only ever arrives as folded words in term,
 * match, phrase and prefix queries, never as query_string or raw DSL. Text leaves score (BM25,
 * per-field boosts title > author > subject > the rest, summed over fields like the embedded
 * index's weighted bm25); identifier, call-number, facet and year leaves are filters that add
 * nothing to the score, as they add nothing to bm25 there.
 */
export type Query = estypes.QueryDslQueryContainer;

export const MATCH_ALL: Query = { match_all: {} };
export const MATCH_NONE: Query = { match_none: {} };

/** Terms a multi-word prefix (`"city hist"*`, `京大*`) may expand its last word to. */
const PHRASE_PREFIX_EXPANSIONS = 1000;

export function compileQuery(node: QueryNode): Query {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return compileLeaf(node.field, node.value, node.type === 'term' && node.prefix);
    case 'range':
      return unscored(yearRange(node.from, node.to));
    case 'callnumberRange':
      return unscored(callNumberRange(node.from, node.to));
    case 'facet':
      // As a filter matches it (search-runner's filterClause): the ASCII-case-folded keyword.
      return unscored({ term: { [`facet.${node.field}.key`]: { value: node.value.trim() } } });
    case 'and':
      return compileAnd(node.children);
    case 'or':
      return { bool: { should: node.children.map(compileQuery), minimum_should_match: 1 } };
    case 'not':
      // Everything but the child, unscored: a lone NOT ranks nothing.
      return { bool: { filter: [MATCH_ALL], must_not: [compileQuery(node.child)] } };
  }
}

/** Positive children must match, NOT children must not: one bool instead of nested ones. */
function compileAnd(children: QueryNode[]): Query {
  const must: Query[] = [];
  const mustNot: Query[] = [];
  for (const child of children) {
    if (child.type === 'not') mustNot.push(compileQuery(child.child));
    else must.push(compileQuery(child));
  }
  if (must.length === 0) must.push(unscored(MATCH_ALL));
  return { bool: { must, ...(mustNot.length > 0 && { must_not: mustNot }) } };
}

function compileLeaf(field: SearchField | undefined, value: string, prefix: boolean): Query {
  if (field === undefined || FIELD_TEXT[field]) {
    const column = field === undefined ? undefined : FIELD_TEXT[field];
    return textLeaf(column ? [column] : TEXT_FIELDS, value, prefix);
  }
  if (IDENTIFIER_FIELDS.has(field)) return unscored(identifierLeaf(field as IdentifierKind, value, prefix));
  if (field === 'year') return unscored(yearLeaf(value, prefix));
  if (field === 'language' || field === 'format') return unscored(facetLeaf(field, value, prefix));
  throw new AppError('invalid_search_query', `cannot search the field "${String(field)}"`, { field });
}

/**
 * One folded word: a term (or prefix) query per field; several words (a phrase, a CJK run, a
 * word with inner punctuation): a phrase, the last word a prefix when `*`. Words that fold to
 * nothing (only punctuation) match nothing, as in the embedded index.
 */
export function textLeaf(fields: readonly TextField[], value: string, prefix: boolean): Query {
  const words = queryWords(value);
  if (words.length === 0) return MATCH_NONE;
  const clauses = fields.map((field) => fieldClause(field, words, prefix));
  return clauses.length === 1
    ? (clauses[0] as Query)
    : { bool: { should: clauses, minimum_should_match: 1 } };
}

function fieldClause(field: TextField, words: string[], prefix: boolean): Query {
  const boost = TEXT_WEIGHTS[field];
  const query = words.join(' ');
  if (words.length === 1) {
    return prefix
      ? { prefix: { [field]: { value: query, boost } } }
      : { match: { [field]: { query, boost } } };
  }
  if (!prefix) return { match_phrase: { [field]: { query, boost } } };
  return { match_phrase_prefix: { [field]: { query, boost, max_expansions: PHRASE_PREFIX_EXPANSIONS } } };
}

/** Identifier tokens shared with the embedded index; `id:` also matches the record id exactly. */
function identifierLeaf(kind: IdentifierKind, value: string, prefix: boolean): Query {
  if (kind === 'callnumber') return callNumberLeaf(value, prefix);
  const tokens = queryIdentifierTokens(kind, value);
  const byToken: Query | undefined = tokens.length === 0 ? undefined : { terms: { ids: tokens } };
  if (kind !== 'id') return byToken ?? MATCH_NONE;
  const byId: Query = { term: { id: value.trim() } };
  return byToken ? { bool: { should: [byId, byToken], minimum_should_match: 1 } } : byId;
}

/**
 * Left-anchored over the compact form. Without `*`, `QA76` matches `QA76.73 …` but not `QA767`:
 * the next character may not continue the last digit or letter run (a regexp on the keyword,
 * whose literal start lets the engine seek to it).
 */
function callNumberLeaf(value: string, prefix: boolean): Query {
  const form = callNumberForm(value);
  if (!form) return MATCH_NONE;
  const last = form.slice(-1);
  const continues = /\d/.test(last) ? '0-9' : /[A-Z]/.test(last) ? 'A-Z' : undefined;
  if (prefix || !continues) return { prefix: { call_forms: { value: form } } };
  return { regexp: { call_forms: { value: `${escapeRegexp(form)}([^${continues}].*)?`, flags: 'NONE' } } };
}

/** Lucene regexp syntax: every ASCII character but letters and digits is escaped to itself. */
export function escapeRegexp(text: string): string {
  return text.replace(/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, (ch) => `\\${ch}`);
}

/**
 * Records with a call number filed between the bounds: a range over the call-number browse
 * keywords, which begin with the shelf key (browse-keys.ts), as the browse index reads them.
 */
function callNumberRange(from: string | undefined, to: string | undefined): Query {
  const { low, high } = callNumberKeyRange(from, to);
  if (low === undefined && high === undefined) return { exists: { field: 'browse.callnumber' } };
  const bounds = { ...(low !== undefined && { gte: low }), ...(high !== undefined && { lt: high }) };
  return { range: { 'browse.callnumber': bounds } };
}

/** `format:book` in any ASCII case (the normalised `.key`), `language:fr*` over folded keys. */
function facetLeaf(field: 'language' | 'format', value: string, prefix: boolean): Query {
  if (prefix) return { prefix: { [`facet_prefix.${field}`]: { value: sortKey(value) } } };
  return { term: { [`facet.${field}.key`]: { value: value.trim() } } };
}

/** `year:1999`, and `year:19*` for the 1900s (the embedded index's rule, error included). */
function yearLeaf(value: string, prefix: boolean): Query {
  const digits = value.trim();
  if (!/^\d{1,4}$/.test(digits) || (!prefix && digits.length < 3)) {
    throw new AppError('invalid_search_query', `year must be a year, not "${value}"`, {
      field: 'year',
      value,
    });
  }
  if (!prefix) return { term: { year: Number(digits) } };
  const scale = 10 ** (4 - digits.length);
  return yearRange(Number(digits) * scale, (Number(digits) + 1) * scale - 1);
}

/** Inclusive; records without a year never match, an open range is every record with one. */
export function yearRange(from: number | undefined, to: number | undefined): Query {
  if (from === undefined && to === undefined) return { exists: { field: 'year' } };
  return {
    range: { year: { ...(from !== undefined && { gte: from }), ...(to !== undefined && { lte: to }) } },
  };
}

/** A filter clause inside a bool: matches like `query`, adds 0 to the score. */
export function unscored(query: Query): Query {
  return { bool: { filter: [query] } };
}
