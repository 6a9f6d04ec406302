import type { FacetOnlyField, SearchField } from '../../search/query/ast';
import type { SortKey } from '../../search/port';

/**
 * The CQL indexes the catalog answers, by context set, and what each searches. Explain lists
 * exactly this table, so what a client is told and what the server does cannot drift.
 */
export const CONTEXT_SETS = {
  cql: 'info:srw/cql-context-set/1/cql-v1.2',
  dc: 'info:srw/cql-context-set/1/dc-v1.1',
  bath: 'http://zing.z3950.org/cql/bath/2.0/',
  rec: 'info:srw/cql-context-set/2/rec-1.1',
  stacks: 'info:stacks/cql-context-set/1',
} as const;

export type ContextSetName = keyof typeof CONTEXT_SETS;

export type IndexTarget =
  /** Words: no field is every text field (cql.serverChoice). */
  | { kind: 'text'; field?: SearchField }
  /** Kept whole, normalised by the index; several fields: any of them (dc.identifier). */
  | { kind: 'identifier'; fields: SearchField[] }
  | { kind: 'year' }
  /** A query field whose values are codes (language, format). */
  | { kind: 'code'; field: SearchField }
  /** A facet value, exactly as a filter matches it. */
  | { kind: 'facet'; field: FacetOnlyField }
  /** cql.allRecords: every record, whatever the term. */
  | { kind: 'all' };

export interface CqlIndexEntry {
  set: ContextSetName;
  name: string;
  title: string;
  target: IndexTarget;
  /** The sort this index sorts by in sortBy / sortKeys; absent: it cannot sort. */
  sort?: Exclude<SortKey, `-${string}`>;
}

const text = (field?: SearchField): IndexTarget => (field ? { kind: 'text', field } : { kind: 'text' });
const ids = (...fields: SearchField[]): IndexTarget => ({ kind: 'identifier', fields });
const facet = (field: FacetOnlyField): IndexTarget => ({ kind: 'facet', field });
const YEAR: IndexTarget = { kind: 'year' };

export const CQL_INDEXES: readonly CqlIndexEntry[] = [
  { set: 'cql', name: 'serverChoice', title: 'Any words (all text fields)', target: text() },
  { set: 'cql', name: 'anywhere', title: 'Any words (all text fields)', target: text() },
  { set: 'cql', name: 'allRecords', title: 'Every record', target: { kind: 'all' } },
  { set: 'dc', name: 'title', title: 'Title', target: text('title'), sort: 'title' },
  { set: 'dc', name: 'creator', title: 'Author', target: text('author'), sort: 'author' },
  { set: 'dc', name: 'subject', title: 'Subject', target: text('subject') },
  { set: 'dc', name: 'date', title: 'Year of publication', target: YEAR, sort: 'date' },
  {
    set: 'dc',
    name: 'identifier',
    title: 'Any identifier (ISBN, ISSN, LCCN, OCLC, record id)',
    target: ids('isbn', 'issn', 'lccn', 'oclc', 'id'),
  },
  { set: 'dc', name: 'publisher', title: 'Publisher', target: text('publisher') },
  { set: 'dc', name: 'language', title: 'Language (MARC code)', target: { kind: 'code', field: 'language' } },
  { set: 'bath', name: 'isbn', title: 'ISBN', target: ids('isbn') },
  { set: 'bath', name: 'issn', title: 'ISSN', target: ids('issn') },
  { set: 'bath', name: 'lccn', title: 'LCCN', target: ids('lccn') },
  { set: 'rec', name: 'identifier', title: 'Record id', target: ids('id') },
  { set: 'stacks', name: 'title', title: 'Title', target: text('title'), sort: 'title' },
  { set: 'stacks', name: 'author', title: 'Author', target: text('author'), sort: 'author' },
  { set: 'stacks', name: 'subject', title: 'Subject', target: text('subject') },
  { set: 'stacks', name: 'publisher', title: 'Publisher', target: text('publisher') },
  { set: 'stacks', name: 'series', title: 'Series', target: text('series') },
  { set: 'stacks', name: 'isbn', title: 'ISBN', target: ids('isbn') },
  { set: 'stacks', name: 'issn', title: 'ISSN', target: ids('issn') },
  { set: 'stacks', name: 'lccn', title: 'LCCN', target: ids('lccn') },
  { set: 'stacks', name: 'oclc', title: 'OCLC number', target: ids('oclc') },
  { set: 'stacks', name: 'id', title: 'Record id', target: ids('id') },
  {
    set: 'stacks',
    name: 'callnumber',
    title: 'Call number (left-anchored)',
    target: ids('callnumber'),
    sort: 'callnumber',
  },
  { set: 'stacks', name: 'year', title: 'Year of publication', target: YEAR, sort: 'date' },
  {
    set: 'stacks',
    name: 'language',
    title: 'Language (MARC code)',
    target: { kind: 'code', field: 'language' },
  },
  { set: 'stacks', name: 'format', title: 'Format', target: { kind: 'code', field: 'format' } },
  { set: 'stacks', name: 'topic', title: 'Topic (facet value)', target: facet('topic') },
  { set: 'stacks', name: 'genre', title: 'Genre (facet value)', target: facet('genre') },
  { set: 'stacks', name: 'geographic', title: 'Place (facet value)', target: facet('geographic') },
  { set: 'stacks', name: 'era', title: 'Period (facet value)', target: facet('era') },
  { set: 'stacks', name: 'local', title: 'Local value (facet value)', target: facet('local') },
  {
    set: 'stacks',
    name: 'availability',
    title: 'Availability: available or unavailable',
    target: facet('availability'),
  },
  {
    set: 'stacks',
    name: 'location',
    title: 'Location holding a copy (LIBRARY/LOCATION)',
    target: facet('location'),
  },
  { set: 'stacks', name: 'library', title: 'Library holding a copy', target: facet('library') },
];

/** Unprefixed names are looked up in these sets in this order (`title` is dc.title). */
const DEFAULT_ORDER: readonly ContextSetName[] = ['cql', 'dc', 'bath', 'rec', 'stacks'];

const BY_SET = new Map<string, Map<string, CqlIndexEntry>>();
for (const entry of CQL_INDEXES) {
  const uri = CONTEXT_SETS[entry.set];
  if (!BY_SET.has(uri)) BY_SET.set(uri, new Map());
  BY_SET.get(uri)?.set(entry.name.toLowerCase(), entry);
}

export function contextSetUri(prefix: string): string | undefined {
  return (CONTEXT_SETS as Record<string, string>)[prefix];
}

export function isKnownSet(uri: string): boolean {
  return BY_SET.has(uri);
}

export function indexInSet(uri: string, local: string): CqlIndexEntry | undefined {
  return BY_SET.get(uri)?.get(local.toLowerCase());
}

export function unprefixedIndex(local: string): CqlIndexEntry | undefined {
  for (const set of DEFAULT_ORDER) {
    const entry = indexInSet(CONTEXT_SETS[set], local);
    if (entry) return entry;
  }
  return undefined;
}
