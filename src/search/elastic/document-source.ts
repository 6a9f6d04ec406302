import type { CatalogDocument } from '../../domain/catalog-document';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { IndexedDocument } from '../port';
import type { HighlightTexts, HitDisplay } from '../common/hit-display';
// The embedded index's row builder is reused on purpose: both indexes then show, sort and
// browse a document by the same display, keys and call-number forms, which the shared contract
// suite relies on. Its term rows (SQLite postings) are the only part this adapter ignores.
import { availabilityTerms, documentRows, hasCopies, type DocumentRows } from '../common/document-rows';
import { sortKey } from '../common/fold';
import type { TextField } from '../common/text-fields';
import { KEYWORD_FACETS, type KeywordFacet } from './index-settings';
import { compareCodePoints, encodeBrowseKey, type BrowseKeyParts } from './browse-keys';
import { tokenize } from './tokens';

/**
 * A CatalogDocument as the engine stores it. Everything derived (folded text, identifier tokens,
 * sort and browse keys, the hit display, highlight texts) comes from documentRows (search/common),
 * which the embedded adapter indexes too, so both index the same words, keys and display from the
 * same document.
 */
export interface DocumentSource {
  id: string;
  control_number?: string;
  year?: number;
  title: string[];
  author: string[];
  subject: string[];
  series: string[];
  publisher: string[];
  other: string[];
  ids: string[];
  call_forms: string[];
  facet: Partial<Record<KeywordFacet, string[]>>;
  facet_prefix: { format: string[]; language: string[] };
  sort: { title?: string; author?: string; callnumber?: string };
  browse: { author: string[]; subject: string[]; title: string[]; callnumber: string[] };
  display: HitDisplay;
  /** The copies' summary a hit carries; null (set by `setAvailability`) or absent: none. */
  availability?: AvailabilitySummary | null;
  texts: HighlightTexts;
}

/**
 * Lucene refuses a term over 32,766 UTF-8 bytes, and with it the whole document. Keys this long
 * only come from broken records; cutting them keeps the record findable (4 bytes a code unit at
 * most, so 8,000 units always fit).
 */
const MAX_KEYWORD = 8_000;

export function documentSource(doc: IndexedDocument): DocumentSource {
  const rows = documentRows(doc);
  if (hasCopies(doc.availability)) rows.terms.push(...availabilityTerms(doc.availability));
  const source: DocumentSource = {
    id: doc.id,
    ...(rows.controlNumber !== undefined && { control_number: rows.controlNumber }),
    ...(rows.year !== undefined && { year: rows.year }),
    ...textFields(rows),
    ids: rows.fts.ids === '' ? [] : rows.fts.ids.split(' ').map(cut),
    call_forms: termValues(rows, 'callNumberForm'),
    facet: facets(rows),
    facet_prefix: {
      format: unique(termValues(rows, 'format').map((v) => cut(sortKey(v)))),
      language: unique(termValues(rows, 'language').map((v) => cut(sortKey(v)))),
    },
    sort: sortKeys(rows),
    browse: browseKeys(doc, rows),
    display: rows.display,
    ...(hasCopies(doc.availability) && { availability: doc.availability }),
    texts: rows.texts,
  };
  return source;
}

/**
 * The part of a source `setAvailability` replaces (a partial update): the summary and the three
 * availability facets, emptied when the record has no copies. The `facet` object is merged into
 * the stored one, so its other fields stay.
 */
export function availabilitySource(summary: AvailabilitySummary | undefined): {
  availability: AvailabilitySummary | null;
  facet: Partial<Record<KeywordFacet, string[]>>;
} {
  const facet: Partial<Record<KeywordFacet, string[]>> = { availability: [], location: [], library: [] };
  for (const term of availabilityTerms(summary)) {
    if (isKeywordFacet(term.field)) facet[term.field]!.push(cut(term.value));
  }
  return { availability: hasCopies(summary) ? summary : null, facet };
}

/** One array entry per value (the engine keeps values apart for phrases), tokens joined by spaces. */
function textFields(rows: DocumentRows): Record<TextField, string[]> {
  const split = (folded: string): string[] =>
    folded === ''
      ? []
      : folded
          .split('\n')
          .map((v) => tokenize(v).join(' '))
          .filter((v) => v !== '');
  return {
    title: split(rows.fts.title),
    author: split(rows.fts.author),
    subject: split(rows.fts.subject),
    series: split(rows.fts.series),
    publisher: split(rows.fts.publisher),
    other: split(rows.fts.other),
  };
}

function termValues(rows: DocumentRows, field: DocumentRows['terms'][number]['field']): string[] {
  return rows.terms.filter((t) => t.field === field).map((t) => cut(t.value));
}

/**
 * Facet values, one per ASCII-case-insensitive value and document, as the embedded index counts
 * them (its term ids fold ASCII case): `Book` and `book` in one record count once.
 */
function facets(rows: DocumentRows): Partial<Record<KeywordFacet, string[]>> {
  const out: Partial<Record<KeywordFacet, string[]>> = {};
  const seen = new Set<string>();
  for (const term of rows.terms) {
    if (!isKeywordFacet(term.field)) continue;
    const dedupe = `${term.field}\u0000${asciiLower(term.value)}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    (out[term.field] ??= []).push(cut(term.value));
  }
  return out;
}

const FACET_NAMES: ReadonlySet<string> = new Set<string>(KEYWORD_FACETS);

function isKeywordFacet(field: string): field is KeywordFacet {
  return FACET_NAMES.has(field);
}

function sortKeys(rows: DocumentRows): DocumentSource['sort'] {
  const out: DocumentSource['sort'] = {};
  if (rows.titleKey !== undefined) out.title = cut(rows.titleKey);
  if (rows.authorKey !== undefined) out.author = cut(rows.authorKey);
  if (rows.callKey !== undefined) out.callnumber = cut(rows.callKey);
  return out;
}

/**
 * Browse keywords (browse-keys.ts), one per key and record: within a record the smallest heading
 * filed under a key wins, so the smallest over all records is the entry's heading (as the
 * embedded index takes min(value)) and bucket counts add up to distinct records.
 */
function browseKeys(doc: CatalogDocument, rows: DocumentRows): DocumentSource['browse'] {
  const byKey = (entries: BrowseKeyParts[]): string[] => {
    const best = new Map<string, BrowseKeyParts>();
    for (const entry of entries) {
      const current = best.get(entry.key);
      if (
        entry.key !== '' &&
        (current === undefined || compareCodePoints(entry.heading, current.heading) < 0)
      ) {
        best.set(entry.key, entry);
      }
    }
    return [...best.values()].map((entry) => cut(encodeBrowseKey(entry)));
  };
  const terms = (field: DocumentRows['terms'][number]['field']): BrowseKeyParts[] =>
    rows.terms
      .filter((t) => t.field === field)
      .map((t) => ({ key: t.key, heading: t.value, ...(t.scheme !== undefined && { scheme: t.scheme }) }));
  return {
    author: byKey(terms('author')),
    subject: byKey(terms('subjectHeading')),
    title: rows.titleKey === undefined ? [] : byKey([{ key: rows.titleKey, heading: doc.title ?? '' }]),
    callnumber: byKey(terms('callNumber')),
  };
}

export function asciiLower(text: string): string {
  return ASCII_UPPER.test(text) ? text.replace(ASCII_UPPER_RUNS, (run) => run.toLowerCase()) : text;
}

const ASCII_UPPER = /[A-Z]/;
const ASCII_UPPER_RUNS = /[A-Z]+/g;

function cut(text: string): string {
  return text.length <= MAX_KEYWORD ? text : text.slice(0, MAX_KEYWORD);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
