import { FACET_FIELDS, type FacetField } from '../port';

/**
 * Facet fields are stored as small integers: search_facets has a row per document and value, and
 * at a million records the repeated field name would cost more than the value ids.
 * The codes are part of the on-disk schema: append new fields, never reorder.
 */
const CODES: Readonly<Record<FacetField, number>> = {
  format: 1,
  language: 2,
  topic: 3,
  genre: 4,
  geographic: 5,
  era: 6,
  author: 7,
  year: 8,
  publisher: 9,
  series: 10,
};

export function facetFieldCode(field: FacetField): number {
  return CODES[field];
}

export function isFacetField(value: unknown): value is FacetField {
  return typeof value === 'string' && (FACET_FIELDS as readonly string[]).includes(value);
}
