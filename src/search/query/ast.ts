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

/**
 * Facets that are not query fields (the query language narrows by them with filters, not words):
 * a `facet` node matches one value exactly as a filter does, ASCII case aside. Protocols whose
 * queries name them (CQL's stacks.topic, …) need them inside the boolean tree, where a filter
 * cannot go.
 */
export type FacetOnlyField =
  'topic' | 'genre' | 'geographic' | 'era' | 'local' | 'availability' | 'location' | 'library';

export type QueryNode =
  /** A word; `prefix` for a trailing `*`. No field: all text fields. */
  | { type: 'term'; field?: SearchField; value: string; prefix: boolean }
  /** Words in this order, adjacent. */
  | { type: 'phrase'; field?: SearchField; value: string }
  /** Inclusive; an open end is undefined (`year:[* TO 1900]`). */
  | { type: 'range'; field: 'year'; from?: number; to?: number }
  /**
   * Call numbers filed from `from` to `to` on the shelf, both inclusive (`to` with everything filed
   * under it: `QA99` takes in `QA99 .A1`); an open end is undefined. Compared by shelf key (LC or
   * Dewey, as the browse index files them). Never made by the query language's parser (CQL's
   * `stacks.callnumber within "QA1 QA99"` makes it).
   */
  | { type: 'callnumberRange'; from?: string; to?: string }
  /** Records with this facet value (never made by the query language's parser). */
  | { type: 'facet'; field: FacetOnlyField; value: string }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };
