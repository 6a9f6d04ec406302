import type { QueryNode, SearchField } from '../../search/query/ast';
import { emptyRangeReason, yearFromWord, type YearRange } from '../../search/query/year-value';
import type { SortKey } from '../../search/port';
import type { CqlClause, CqlIndex, CqlModifier, CqlNode, CqlQuery, CqlSortKey } from './cql-ast';
import { CQL_DIAGNOSTICS, CqlError } from './cql-error';
import {
  contextSetUri,
  indexInSet,
  isKnownSet,
  unprefixedIndex,
  type CqlIndexEntry,
  type IndexTarget,
} from './cql-indexes';
import { termWords, wholeTerm, type CqlWord } from './cql-terms';

/**
 * A CQL tree → the query tree the search adapters compile (search/query/ast.ts), so CQL is
 * answered by the same code as the query language. What the tree cannot say is a CqlError with
 * its SRU diagnostic, never a silently different search.
 *
 * Relations: `=` and `adj` are the words in order (a phrase), `all` every word, `any` any word;
 * `==` and `exact` are the whole term: identifiers and codes match it whole, text fields as a
 * phrase (the indexes keep words, not whole field values); `<` `>` `<=` `>=` and `within` are
 * year ranges (dc.date). Undefined is every record (cql.allRecords).
 */
export interface CqlSearch {
  query?: QueryNode;
  sort?: SortKey;
}

export function cqlToSearch(cql: CqlQuery): CqlSearch {
  const query = mapNode(cql.root);
  const sort = cqlSort(cql.sortBy);
  return { ...(query === ALL ? {} : { query }), ...(sort ? { sort } : {}) };
}

const ALL = undefined;
type Mapped = QueryNode | typeof ALL;

function mapNode(node: CqlNode): Mapped {
  if (node.type === 'clause') return mapClause(node);
  if (node.op === 'prox') {
    throw new CqlError(CQL_DIAGNOSTICS.proximity, 'prox', 'PROX is not supported: use AND, OR or NOT');
  }
  const [modifier] = node.modifiers;
  if (modifier) {
    throw new CqlError(
      CQL_DIAGNOSTICS.booleanModifier,
      modifier.name,
      `the boolean modifier /${modifier.name} is not supported`,
    );
  }
  const left = mapNode(node.left);
  const right = mapNode(node.right);
  if (node.op === 'and') return combine('and', [left, right]);
  if (node.op === 'or') return left === ALL || right === ALL ? ALL : combine('or', [left, right]);
  if (right === ALL) {
    throw new CqlError(48, 'not cql.allRecords', 'NOT every record matches nothing: drop the clause');
  }
  return combine('and', [left, { type: 'not', child: right }]);
}

const TEXT_RELATIONS = new Set(['=', 'adj', '==', 'exact', 'all', 'any']);
const RANGE_RELATIONS = new Set(['<', '>', '<=', '>=', 'within']);
/** Shelf order has no "just after QA76" that leaves out what files under it, so no < or >. */
const CALL_NUMBER_RANGES = new Set(['<=', '>=', 'within']);
/** What we do anyway (mask, fold case and accents, rank), so asking for it is fine. */
const HONOURED_MODIFIERS = new Set(['relevant', 'masked', 'ignorecase', 'ignoreaccents', 'word']);

function mapClause(clause: CqlClause): Mapped {
  const entry = clause.index ? resolveIndex(clause.index) : unprefixedIndex('serverChoice');
  const target = (entry as CqlIndexEntry).target;
  const indexName = clause.index?.name ?? 'cql.serverChoice';
  checkRelation(clause.relation, indexName, target);
  checkModifiers(clause.relationModifiers);
  switch (target.kind) {
    case 'all':
      return ALL;
    case 'text':
      return textClause(clause, target.field);
    case 'identifier':
      if (RANGE_RELATIONS.has(clause.relation)) return callNumberRange(clause);
      return orOver(target.fields, valueWords(clause, target.fields.includes('callnumber')), clause.relation);
    case 'code':
      return orOver([target.field], valueWords(clause, false), clause.relation);
    case 'facet':
      return facetClause(clause, target.field);
    case 'year':
      return yearClause(clause);
  }
}

export function resolveIndex(index: CqlIndex): CqlIndexEntry {
  let uri = index.set;
  if (uri === undefined && index.prefix !== undefined) {
    uri = contextSetUri(index.prefix);
    if (uri === undefined) {
      throw new CqlError(
        CQL_DIAGNOSTICS.contextSet,
        index.prefix,
        `unknown context set prefix \`${index.prefix}\` in \`${index.name}\`: use cql, dc, bath, rec or stacks, or assign it (>${index.prefix}="uri")`,
      );
    }
  }
  if (uri !== undefined && !isKnownSet(uri)) {
    throw new CqlError(CQL_DIAGNOSTICS.contextSet, uri, `the context set ${uri} is not supported`);
  }
  const entry = uri === undefined ? unprefixedIndex(index.local) : indexInSet(uri, index.local);
  if (!entry) {
    throw new CqlError(
      CQL_DIAGNOSTICS.index,
      index.name,
      `unknown index \`${index.name}\`: explain lists the indexes (operation=explain)`,
    );
  }
  return entry;
}

function checkRelation(relation: string, index: string, target: IndexTarget): void {
  if (!TEXT_RELATIONS.has(relation) && !RANGE_RELATIONS.has(relation)) {
    throw new CqlError(
      CQL_DIAGNOSTICS.relation,
      relation,
      `the relation \`${relation}\` is not supported: use =, ==, exact, all, any, adj, <, >, <=, >= or within`,
    );
  }
  if (!RANGE_RELATIONS.has(relation) || target.kind === 'year' || target.kind === 'all') return;
  if (isCallNumber(target) && CALL_NUMBER_RANGES.has(relation)) return;
  throw new CqlError(
    CQL_DIAGNOSTICS.relationAndIndex,
    `${index} ${relation}`,
    isCallNumber(target)
      ? `call numbers take >=, <= and within, not \`${relation}\``
      : `\`${relation}\` compares years and call numbers: \`${index}\` takes =, ==, exact, all, any or adj`,
  );
}

function checkModifiers(modifiers: readonly CqlModifier[]): void {
  for (const m of modifiers) {
    const name = m.name.startsWith('cql.') ? m.name.slice(4) : m.name;
    if (!HONOURED_MODIFIERS.has(name)) {
      throw new CqlError(
        CQL_DIAGNOSTICS.relationModifier,
        m.name,
        `the relation modifier /${m.name} cannot be honoured here`,
      );
    }
  }
}

function textClause(clause: CqlClause, field: SearchField | undefined): Mapped {
  const words = termWords(clause.term);
  if (words.length === 0) throw emptyTerm(clause);
  for (const w of words) if (w.anchoredStart || w.anchoredEnd) throw anchoring(w);
  const leaf = (w: CqlWord): QueryNode => withField({ type: 'term', value: w.text, prefix: w.prefix }, field);
  if (clause.relation === 'all') return combine('and', words.map(leaf));
  if (clause.relation === 'any') return combine('or', words.map(leaf));
  const last = words[words.length - 1] as CqlWord;
  if (words.slice(0, -1).some((w) => w.prefix)) {
    throw new CqlError(CQL_DIAGNOSTICS.masking, '*', 'in a phrase only the last word may end in *');
  }
  if (words.length === 1) return leaf(last);
  const value = words.map((w) => w.text).join(' ');
  // A multi-word term with a prefix is a phrase whose last word is a prefix; both adapters read it so.
  if (last.prefix) return withField({ type: 'term', value, prefix: true }, field);
  return withField({ type: 'phrase', value }, field);
}

/** Whole values for =, ==, exact, adj; single words for all and any. */
function valueWords(clause: CqlClause, leftAnchored: boolean): CqlWord[] {
  const whole = clause.relation === 'all' || clause.relation === 'any';
  const words = whole ? termWords(clause.term) : [wholeTerm(clause.term)].filter(isWord);
  if (words.length === 0) throw emptyTerm(clause);
  for (const w of words) {
    // Call numbers are searched left-anchored already, so a leading ^ says what we do.
    if ((w.anchoredStart && !leftAnchored) || w.anchoredEnd) throw anchoring(w);
  }
  return words;
}

function orOver(fields: readonly SearchField[], words: CqlWord[], relation: string): Mapped {
  const perWord = words.map((w) =>
    combine(
      'or',
      fields.map((field) => ({ type: 'term', field, value: w.text, prefix: w.prefix })),
    ),
  );
  return combine(relation === 'all' ? 'and' : 'or', perWord);
}

function isCallNumber(target: IndexTarget): boolean {
  return target.kind === 'identifier' && target.fields.length === 1 && target.fields[0] === 'callnumber';
}

/**
 * `>= QA76`, `<= QA99`, `within "QA1 QA99"` on shelf order. Call numbers hold spaces, so within's
 * two values are split at unescaped spaces: `within "QA76.73\ .J38 QA99"` keeps the first whole.
 */
function callNumberRange(clause: CqlClause): QueryNode {
  const words =
    clause.relation === 'within' ? termWords(clause.term) : [wholeTerm(clause.term)].filter(isWord);
  const bad = (expected: string) =>
    new CqlError(CQL_DIAGNOSTICS.termFormat, clause.term, `\`${clause.term}\`: expected ${expected}`);
  if (words.some((w) => w.prefix || w.anchoredStart || w.anchoredEnd))
    throw bad('call numbers without masks');
  if (clause.relation === 'within') {
    const [from, to] = words;
    if (words.length !== 2 || !from || !to)
      throw bad('two call numbers: "QA1 QA99" (escape inner spaces: \\ )');
    return { type: 'callnumberRange', from: from.text, to: to.text };
  }
  const [value] = words;
  if (!value) throw emptyTerm(clause);
  return clause.relation === '>='
    ? { type: 'callnumberRange', from: value.text }
    : { type: 'callnumberRange', to: value.text };
}

function facetClause(clause: CqlClause, field: Extract<IndexTarget, { kind: 'facet' }>['field']): Mapped {
  const words = valueWords(clause, false);
  const masked = words.find((w) => w.prefix);
  if (masked) {
    throw new CqlError(CQL_DIAGNOSTICS.masking, '*', `facet values match whole: \`${masked.text}*\` cannot`);
  }
  const nodes = words.map((w): QueryNode => ({ type: 'facet', field, value: w.text }));
  return combine(clause.relation === 'all' ? 'and' : 'or', nodes);
}

function yearClause(clause: CqlClause): Mapped {
  const { relation } = clause;
  if (relation === 'within') {
    const words = termWords(clause.term);
    const [from, to] = words.map((w) => w.text);
    if (words.length !== 2 || !isYear(from) || !isYear(to) || words.some((w) => w.prefix)) {
      throw badYear(clause, 'within takes two years: "1990 2000"');
    }
    return yearNode(clause, { from: Number(from), to: Number(to) });
  }
  if (relation === '<' || relation === '>' || relation === '<=' || relation === '>=') {
    const word = wholeTerm(clause.term);
    if (!word || word.prefix || !isYear(word.text)) throw badYear(clause, `${relation} takes one year`);
    return yearNode(clause, yearFromWord(`${relation}${word.text}`, false) as YearRange);
  }
  const words = valueWords(clause, false);
  const nodes = words.map((w) => {
    const range = yearFromWord(w.text, w.prefix);
    if (!range) throw badYear(clause, 'a year (1990), a range (1990-2000) or a decade (199*)');
    return yearNode(clause, range);
  });
  return combine(relation === 'all' ? 'and' : 'or', nodes);
}

function yearNode(clause: CqlClause, range: YearRange): QueryNode {
  const reason = emptyRangeReason(range);
  if (reason) throw badYear(clause, `an empty range: ${reason}`);
  return { type: 'range', field: 'year', ...range };
}

function isYear(text: string | undefined): text is string {
  return text !== undefined && /^\d{1,4}$/.test(text);
}

function badYear(clause: CqlClause, expected: string): CqlError {
  const index = clause.index?.name ?? 'dc.date';
  return new CqlError(
    CQL_DIAGNOSTICS.termFormat,
    clause.term,
    `\`${index} ${clause.relation} "${clause.term}"\`: expected ${expected}`,
  );
}

/** sortBy: one key, by an index that sorts; `/sort.descending` reverses it. */
export function cqlSort(keys: readonly CqlSortKey[]): SortKey | undefined {
  if (keys.length === 0) return undefined;
  if (keys.length > 1) {
    throw new CqlError(84, '1', `sorting by ${keys.length} keys is not supported: give one`);
  }
  const key = keys[0] as CqlSortKey;
  let descending = false;
  for (const m of key.modifiers) {
    const name = m.name.startsWith('sort.') ? m.name.slice(5) : m.name;
    if (name === 'descending') descending = true;
    else if (name === 'respectcase') throw new CqlError(91, m.name, 'sorting is always case-insensitive');
    else if (name.startsWith('missing')) {
      throw new CqlError(92, m.name, 'records missing the sort value always sort last');
    } else if (name !== 'ascending' && name !== 'ignorecase' && name !== 'ignoreaccents') {
      throw new CqlError(80, m.name, `the sort modifier /${m.name} is not supported`);
    }
  }
  return sortKeyFor(key.index, descending);
}

export function sortKeyFor(index: CqlIndex, descending: boolean): SortKey {
  const entry = resolveIndex(index);
  if (!entry.sort) {
    throw new CqlError(
      CQL_DIAGNOSTICS.index,
      index.name,
      `cannot sort by \`${index.name}\`: sort by dc.title, dc.creator, dc.date or stacks.callnumber`,
    );
  }
  return descending ? (`-${entry.sort}` as SortKey) : entry.sort;
}

function withField(node: QueryNode & { type: 'term' | 'phrase' }, field: SearchField | undefined): QueryNode {
  return field === undefined ? node : { ...node, field };
}

/** The query language's normal form: no and in and, no single-child and/or; ALL drops out of and. */
function combine(type: 'and' | 'or', parts: Mapped[]): Mapped {
  const children: QueryNode[] = [];
  for (const part of parts) {
    if (part === ALL) continue;
    if (part.type === type) children.push(...part.children);
    else children.push(part);
  }
  if (children.length <= 1) return children[0];
  return { type, children };
}

function isWord(w: CqlWord | undefined): w is CqlWord {
  return w !== undefined;
}

function emptyTerm(clause: CqlClause): CqlError {
  const index = clause.index?.name ?? 'cql.serverChoice';
  return new CqlError(CQL_DIAGNOSTICS.emptyTerm, index, `\`${index}\` was given an empty term`);
}

function anchoring(w: CqlWord): CqlError {
  return new CqlError(
    CQL_DIAGNOSTICS.anchoring,
    '^',
    `anchoring (\`^${w.text}\`) is not supported here; call numbers are always matched from the start`,
  );
}
