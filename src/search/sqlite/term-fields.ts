import type { TermField } from '../common/document-rows';

/**
 * Everything a document is counted or browsed by is a term: a (field, value) pair interned once in
 * search_terms and linked to documents by integer rows in search_postings. The field codes are
 * part of the on-disk schema: append new ones, never renumber.
 */
export type { TermField };

/** Below 32: the code is stored in the low bits of every term id. */
const CODES: Readonly<Record<TermField, number>> = {
  format: 1,
  language: 2,
  topic: 3,
  genre: 4,
  geographic: 5,
  era: 6,
  author: 7,
  // 8 is year: not a term (years live in search_docs.year), only a pseudo-term in document term lists.
  publisher: 9,
  series: 10,
  /** Full subject headings, for the subject browse index. */
  subjectHeading: 11,
  /** Call numbers keyed by shelf key, for the call-number browse index. */
  callNumber: 12,
  /** Call numbers in compact form, for left-anchored `callnumber:` search. */
  callNumberForm: 13,
  /** The local facet (CatalogDocument.local); an index written before it simply has none. */
  local: 14,
  /** A record's copies (availability-terms in common/document-rows.ts): on the shelf or not. */
  availability: 15,
  /** Locations holding a copy (`MAIN/STACKS`). */
  location: 16,
  /** Libraries holding a copy (`MAIN`). */
  library: 17,
};

/** The fields `setAvailability` replaces; an upsert writes them from the document's availability. */
export const AVAILABILITY_CODES: ReadonlySet<number> = new Set([15, 16, 17]);

export function termFieldCode(field: TermField): number {
  return CODES[field];
}

const FIELD_BITS = 32;
const YEAR_CODE = 8;

/**
 * The term's id: a 48-bit hash of the value times 32 plus the field code, so writers need no
 * look-up to link a document to a value, filters turn values into ids in JS, and a list of ids
 * says which field each belongs to (id % 32). Facet values compare ASCII-case-insensitively
 * ("Book" and "book" are one value), as filters and `format:` searches should. Within one field
 * two values share an id with odds of about n²/2^49 (one in a hundred at two million distinct
 * authors): the two would be counted as one.
 */
export function termId(field: TermField, value: string): number {
  const text = value.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  const hash48 = (b >>> 0) * 0x10000 + ((a >>> 0) & 0xffff);
  return hash48 * FIELD_BITS + CODES[field];
}

/** Years live in search_docs; in a document's term list they are this pseudo-term. */
export function yearTermId(year: number): number {
  return year * FIELD_BITS + YEAR_CODE;
}

export function fieldCodeOf(id: number): number {
  return id % FIELD_BITS;
}

export function yearOf(id: number): number {
  return (id - YEAR_CODE) / FIELD_BITS;
}

export const YEAR_FIELD_CODE = YEAR_CODE;
