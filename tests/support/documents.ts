import {
  emptyDocument,
  type Author,
  type CallNumber,
  type CatalogDocument,
  type Isbn,
  type Issn,
  type Lccn,
  type Subject,
} from '../../src/domain/catalog-document';
import { normalizeIsbn, normalizeIssn, normalizeLccn } from '../../src/domain/identifiers';
import { shelfKey } from '../../src/domain/shelf-key';

/**
 * Hand-made CatalogDocuments for search tests, so they do not depend on the MARC mapping.
 * Identifier and shelf-key fields are filled by the shared normalisers, as the mapping fills them.
 */
export type DocumentSpec = Partial<
  Omit<CatalogDocument, 'authors' | 'subjects' | 'isbns' | 'issns' | 'lccns' | 'callNumbers'>
> & {
  id: string;
  authors?: (string | Author)[];
  subjects?: (string | Subject)[];
  isbns?: (string | Isbn)[];
  issns?: string[];
  lccns?: string[];
  callNumbers?: (string | CallNumber)[];
};

export function makeDocument(spec: DocumentSpec): CatalogDocument {
  const { authors = [], subjects = [], isbns = [], issns = [], lccns = [], callNumbers = [], ...rest } = spec;
  return {
    ...emptyDocument(),
    recordType: 'a',
    bibLevel: 'm',
    ...rest,
    titleSort: rest.titleSort ?? rest.title?.toLowerCase(),
    authors: authors.map((a, i) => (typeof a === 'string' ? author(a, i === 0) : a)),
    subjects: subjects.map((s) => (typeof s === 'string' ? subject(s) : s)),
    isbns: isbns.map((i) => (typeof i === 'string' ? isbn(i) : i)),
    issns: issns.map(issn),
    lccns: lccns.map(lccn),
    callNumbers: callNumbers.map((c) => (typeof c === 'string' ? callNumber(c) : c)),
  };
}

/** "Name, dates" headings are split at the first digit run after a comma, as 100 $a $d are. */
export function author(heading: string, primary = true): Author {
  const dates = /,\s*(\d{3,4}-?(?:\d{3,4})?)\s*$/.exec(heading);
  return {
    name: dates ? heading.slice(0, dates.index) : heading,
    dates: dates?.[1],
    roles: [],
    kind: 'person',
    primary,
    heading,
  };
}

export function subject(heading: string, kind: Subject['kind'] = 'topic'): Subject {
  return { heading, kind, source: 'lcsh' };
}

export function isbn(value: string, canceled = false): Isbn {
  const n = normalizeIsbn(value);
  return { value, isbn13: n.isbn13, isbn10: n.isbn10, qualifiers: [], valid: n.valid, canceled };
}

export function issn(value: string): Issn {
  const n = normalizeIssn(value);
  return { value, normalized: n.normalized, kind: 'issn', valid: n.valid };
}

export function lccn(value: string): Lccn {
  return { value, normalized: normalizeLccn(value) ?? value, canceled: false };
}

/** Numbers first are Dewey, letters first LC (good enough for hand-made fixtures). */
export function callNumber(
  value: string,
  scheme: 'lc' | 'dewey' = /^\d/.test(value) ? 'dewey' : 'lc',
): CallNumber {
  return { value, scheme, shelfKey: shelfKey(value, scheme), tag: scheme === 'lc' ? '050' : '082' };
}
