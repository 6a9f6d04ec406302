import { AppError } from '../../errors/app-error';
import type { QueryNode, SearchField } from '../query/ast';
import { callNumberKeyRange } from '../common/browse-anchor';
import { fold, sortKey } from '../common/fold';
import { callNumberForm, queryIdentifierTokens, type IdentifierKind } from '../common/identifier-forms';
import { FIELD_TEXT, IDENTIFIER_FIELDS } from '../common/text-fields';
import { termFieldCode, termId, type TermField } from './term-fields';

/**
 * The query AST compiled for SQLite. Text leaves become one FTS5 MATCH expression wherever the
 * boolean structure allows it (so bm25 ranks the whole text query); identifier, facet and year
 * leaves become SQL conditions on `d` (search_docs). An OR mixing the two kinds turns its text
 * branches into `rowid IN (… MATCH …)` sub-queries and gives up ranking for that query.
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
  /**
   * The same condition as a per-row probe, for when an FTS match drives the query: `rowid IN
   * (postings of a common value)` would first build the whole list, a probe costs one seek a hit.
   */
  probe?: { sql: string; params: unknown[] };
}

/** Documents carrying any of these terms of one field. */
export function postingsCondition(field: TermField, ids: readonly number[]): SqlPart {
  const code = termFieldCode(field);
  const terms = ids.length === 1 ? 'term_id = ?' : `term_id IN (${ids.map(() => '?').join(', ')})`;
  return {
    sql: `d.rowid IN (SELECT doc_rowid FROM search_postings WHERE field = ? AND ${terms})`,
    params: [code, ...ids],
    probe: {
      sql: `EXISTS (SELECT 1 FROM search_postings WHERE field = ? AND ${terms} AND doc_rowid = d.rowid)`,
      params: [code, ...ids],
    },
  };
}

export interface CompiledQuery {
  /** FTS5 expression every result matches; absent when the query has no rankable text part. */
  match?: string;
  /** Conditions on `d`, all of which hold. */
  where: SqlPart[];
  /** The query can match nothing (e.g. an ISBN that is not one). */
  none: boolean;
}

/** Rows matching `fts` (when set), minus rows matching any of `neg`, and matching every `sql`. */
interface Part {
  fts?: string;
  neg: string[];
  sql: SqlPart[];
  none?: boolean;
}

const ALL: Part = { neg: [], sql: [] };
const NONE: Part = { neg: [], sql: [], none: true };
const FTS_IN = 'd.rowid IN (SELECT rowid FROM fts_docs WHERE fts_docs MATCH ?)';

export function compileQuery(node: QueryNode | undefined): CompiledQuery {
  const part = node ? compileNode(node) : ALL;
  if (part.none) return { where: [], none: true };
  if (part.fts !== undefined)
    return { match: withNegations(part.fts, part.neg), where: part.sql, none: false };
  return { where: [...part.neg.map(notMatching), ...part.sql], none: false };
}

function compileNode(node: QueryNode): Part {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return compileLeaf(node.field, node.value, node.type === 'term' && node.prefix);
    case 'range':
      return sqlPart(...yearRange(node.from, node.to));
    case 'callnumberRange':
      return callNumberRange(node.from, node.to);
    case 'facet':
      // As a filter matches it: the value's term in the field's postings.
      return { neg: [], sql: [postingsCondition(node.field, [termId(node.field, node.value.trim())])] };
    case 'and':
      return compileAnd(node.children.map(compileNode));
    case 'or':
      return compileOr(node.children.map(compileNode));
    case 'not':
      return compileNot(compileNode(node.child));
  }
}

function compileLeaf(field: SearchField | undefined, value: string, prefix: boolean): Part {
  if (field === undefined || FIELD_TEXT[field]) {
    const expr = ftsPhrase(value, prefix);
    if (expr === undefined) return NONE;
    const column = field === undefined ? undefined : FIELD_TEXT[field];
    return { fts: column ? `${column} : ${expr}` : expr, neg: [], sql: [] };
  }
  if (IDENTIFIER_FIELDS.has(field)) return identifierLeaf(field as IdentifierKind, value, prefix);
  if (field === 'year') return yearLeaf(value, prefix);
  if (field === 'language' || field === 'format') return facetLeaf(field, value, prefix);
  throw new AppError('invalid_search_query', `cannot search the field "${String(field)}"`, { field });
}

/** A folded FTS5 string (its words an adjacent phrase); `*` makes the last word a prefix. */
export function ftsPhrase(value: string, prefix: boolean): string | undefined {
  const folded = fold(value);
  if (!/[\p{L}\p{N}]/u.test(folded)) return undefined;
  const quoted = `"${folded.replace(/"/g, '""')}"`;
  return prefix ? `${quoted} *` : quoted;
}

/** Identifier tokens in the FTS `ids` column; `id:` also matches the record id exactly. */
function identifierLeaf(kind: IdentifierKind, value: string, prefix: boolean): Part {
  if (kind === 'callnumber') return callNumberLeaf(value, prefix);
  const tokens = queryIdentifierTokens(kind, value);
  const expr = tokens.length === 0 ? undefined : `ids : (${tokens.map((t) => `"${t}"`).join(' OR ')})`;
  if (kind === 'id') {
    const byToken = expr === undefined ? '' : ` OR ${FTS_IN}`;
    return sqlPart(`(d.id = ?${byToken})`, expr === undefined ? [value.trim()] : [value.trim(), expr]);
  }
  return expr === undefined ? NONE : { fts: expr, neg: [], sql: [] };
}

/** Documents with a term of this field whose key starts with `start`. */
function termKeyRange(field: TermField, start: string, extra = '', extraParams: unknown[] = []): Part {
  return sqlPart(
    'd.rowid IN (SELECT p.doc_rowid FROM search_terms t CROSS JOIN search_postings p ON p.field = t.field AND p.term_id = t.id ' +
      `WHERE t.field = ? AND t.key >= ? AND t.key < ? || char(1114111)${extra})`,
    [termFieldCode(field), start, start, ...extraParams],
  );
}

/**
 * Call numbers are searched left-anchored. Without `*`, `QA76` matches `QA76.73 …` but not
 * `QA767`: the next character may not continue the last digit or letter run.
 */
function callNumberLeaf(value: string, prefix: boolean): Part {
  const form = callNumberForm(value);
  if (!form) return NONE;
  const last = form.slice(-1);
  const continues = /\d/.test(last) ? '[0-9]' : /[A-Z]/.test(last) ? '[A-Z]' : undefined;
  if (prefix || !continues) return termKeyRange('callNumberForm', form);
  const boundary = ` AND (length(t.key) = ${form.length} OR substr(t.key, ${form.length + 1}, 1) NOT GLOB ?)`;
  return termKeyRange('callNumberForm', form, boundary, [continues]);
}

/** Records with a call number filed between the bounds, by the browse index's shelf keys. */
function callNumberRange(from: string | undefined, to: string | undefined): Part {
  const { low, high } = callNumberKeyRange(from, to);
  const conditions = ['t.field = ?'];
  const params: unknown[] = [termFieldCode('callNumber')];
  if (low !== undefined) {
    conditions.push('t.key >= ?');
    params.push(low);
  }
  if (high !== undefined) {
    conditions.push('t.key < ?');
    params.push(high);
  }
  return sqlPart(
    'd.rowid IN (SELECT p.doc_rowid FROM search_terms t CROSS JOIN search_postings p ON p.field = t.field AND p.term_id = t.id ' +
      `WHERE ${conditions.join(' AND ')})`,
    params,
  );
}

/** `format:book` (any ASCII case), `language:fre`; with `*`, values starting so. */
function facetLeaf(field: 'language' | 'format', value: string, prefix: boolean): Part {
  if (prefix) return termKeyRange(field, sortKey(value));
  return { neg: [], sql: [postingsCondition(field, [termId(field, value.trim())])] };
}

/** `year:1999`, and `year:19*` for the 1900s. */
function yearLeaf(value: string, prefix: boolean): Part {
  const digits = value.trim();
  if (!/^\d{1,4}$/.test(digits) || (!prefix && digits.length < 3)) {
    throw new AppError('invalid_search_query', `year must be a year, not "${value}"`, {
      field: 'year',
      value,
    });
  }
  if (!prefix) return sqlPart('d.year = ?', [Number(digits)]);
  const scale = 10 ** (4 - digits.length);
  return sqlPart(...yearRange(Number(digits) * scale, (Number(digits) + 1) * scale - 1));
}

export function yearRange(from: number | undefined, to: number | undefined): [string, unknown[]] {
  const conditions: string[] = ['d.year IS NOT NULL'];
  const params: unknown[] = [];
  if (from !== undefined) {
    conditions.push('d.year >= ?');
    params.push(from);
  }
  if (to !== undefined) {
    conditions.push('d.year <= ?');
    params.push(to);
  }
  return [conditions.join(' AND '), params];
}

function compileAnd(parts: Part[]): Part {
  if (parts.some((p) => p.none)) return NONE;
  const fts = parts.flatMap((p) => (p.fts === undefined ? [] : [`(${p.fts})`]));
  return {
    fts: fts.length > 0 ? fts.join(' AND ') : undefined,
    neg: parts.flatMap((p) => p.neg),
    sql: parts.flatMap((p) => p.sql),
  };
}

function compileOr(parts: Part[]): Part {
  const live = parts.filter((p) => !p.none);
  if (live.length === 0) return NONE;
  if (live.some(isAll)) return ALL;
  if (live.every((p) => p.fts !== undefined && p.neg.length === 0 && p.sql.length === 0)) {
    return { fts: live.map((p) => `(${p.fts})`).join(' OR '), neg: [], sql: [] };
  }
  const branches = live.map(toSql);
  return sqlPart(
    `(${branches.map((b) => `(${b.sql})`).join(' OR ')})`,
    branches.flatMap((b) => b.params),
  );
}

function compileNot(part: Part): Part {
  if (part.none) return ALL;
  if (isAll(part)) return NONE;
  if (part.fts !== undefined && part.neg.length === 0 && part.sql.length === 0) {
    return { neg: [part.fts], sql: [] };
  }
  const inner = toSql(part);
  return sqlPart(`NOT (${inner.sql})`, inner.params);
}

/** One SQL condition equivalent to a part, for OR and NOT over mixed parts. */
function toSql(part: Part): SqlPart {
  const conditions: SqlPart[] = [];
  if (part.fts !== undefined) conditions.push({ sql: FTS_IN, params: [withNegations(part.fts, part.neg)] });
  else conditions.push(...part.neg.map(notMatching));
  conditions.push(...part.sql);
  if (conditions.length === 0) return { sql: '1', params: [] };
  return {
    sql: conditions.map((c) => `(${c.sql})`).join(' AND '),
    params: conditions.flatMap((c) => c.params),
  };
}

function withNegations(fts: string, neg: string[]): string {
  return neg.length === 0 ? fts : [`(${fts})`, ...neg.map((n) => `(${n})`)].join(' NOT ');
}

function notMatching(expr: string): SqlPart {
  return { sql: `d.rowid NOT IN (SELECT rowid FROM fts_docs WHERE fts_docs MATCH ?)`, params: [expr] };
}

function isAll(part: Part): boolean {
  return !part.none && part.fts === undefined && part.neg.length === 0 && part.sql.length === 0;
}

function sqlPart(sql: string, params: unknown[]): Part {
  return { neg: [], sql: [{ sql, params }] };
}
