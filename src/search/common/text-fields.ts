import type { SearchField } from '../query/ast';

/**
 * The weighted text fields both indexes search, in weight order, and their weights: the embedded
 * index's bm25 column weights and the engine's field boosts, one list so the two rank alike.
 * The embedded FTS table declares its columns in this order (on-disk schema: append only).
 */
export const TEXT_FIELDS = ['title', 'author', 'subject', 'series', 'publisher', 'other'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** title > author > subject > the rest. */
export const TEXT_WEIGHTS: Readonly<Record<TextField, number>> = {
  title: 10,
  author: 5,
  subject: 3,
  series: 1,
  publisher: 1,
  other: 1,
};

/** The text field a `field:` query searches; no entry for identifier and facet-only fields. */
export const FIELD_TEXT: Partial<Record<SearchField, TextField>> = {
  title: 'title',
  author: 'author',
  subject: 'subject',
  publisher: 'publisher',
  series: 'series',
};

/** `field:` queries matched against normalised identifiers, not text. */
export const IDENTIFIER_FIELDS: ReadonlySet<SearchField> = new Set<SearchField>([
  'isbn',
  'issn',
  'lccn',
  'oclc',
  'id',
  'callnumber',
]);
