/**
 * The query language's syntax tree. The parser (parser.ts) builds it from user text; each search
 * adapter compiles it to its own dialect (FTS5 MATCH + SQL, the OpenSearch query DSL). User text
 * never reaches a backend unparsed.
 */
export type SearchField =
  | 'title'
  | 'author'
  | 'subject'
  | 'isbn'
  | 'issn'
  | 'lccn'
  | 'oclc'
  | 'callnumber'
  | 'publisher'
  | 'series'
  | 'language'
  | 'format'
  | 'year'
  | 'id';

export const SEARCH_FIELDS: readonly SearchField[] = [
  'title',
  'author',
  'subject',
  'isbn',
  'issn',
  'lccn',
  'oclc',
  'callnumber',
  'publisher',
  'series',
  'language',
  'format',
  'year',
  'id',
];

export type QueryNode =
  /** A word; `prefix` for a trailing `*`. No field: all text fields. */
  | { type: 'term'; field?: SearchField; value: string; prefix: boolean }
  /** Words in this order, adjacent. */
  | { type: 'phrase'; field?: SearchField; value: string }
  /** Inclusive; an open end is undefined (`year:[* TO 1900]`). */
  | { type: 'range'; field: 'year'; from?: number; to?: number }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };
