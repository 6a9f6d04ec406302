import type { CatalogDocument } from '../../domain/catalog-document';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { FacetField } from '../port';
import { fold, sortKey } from './fold';
import type { HighlightField, HighlightTexts, HitDisplay } from './hit-display';
import { callNumberForm, documentIdentifierTokens } from './identifier-forms';
import type { TextField } from './text-fields';

/**
 * What one document is indexed as — its words per text field, keys, display and terms — shared by
 * both adapters so they index the same words, keys and display from the same document. It lives in
 * common/, not in either adapter: an adapter never imports another (docs/architecture.md).
 */

export type { HighlightField, HighlightTexts, HitDisplay };

/** Everything a document is counted or browsed by: facets, subject headings, call numbers. */
export type TermField = Exclude<FacetField, 'year'> | 'subjectHeading' | 'callNumber' | 'callNumberForm';

/** Each text field's folded words, plus `ids`: one token per normalised identifier. */
export type TextColumn = TextField | 'ids';

export interface TermRow {
  field: TermField;
  value: string;
  /** Browse and prefix key. */
  key: string;
  scheme?: 'lc' | 'dewey';
}

export interface DocumentRows {
  id: string;
  controlNumber?: string;
  year?: number;
  titleKey?: string;
  authorKey?: string;
  callKey?: string;
  display: HitDisplay;
  texts: HighlightTexts;
  fts: Record<TextColumn, string>;
  terms: TermRow[];
}

export function documentRows(doc: CatalogDocument): DocumentRows {
  const v = doc.vernacular;
  const title = texts([doc.title, doc.subtitle], doc.alternativeTitles, v.title);
  const authors = doc.authors.map((a) => a.heading || a.name);
  const author = texts([], authors, v.authors);
  const subjectHeadings = doc.subjects.map((s) => s.heading);
  const subject = texts([], subjectHeadings, v.subjects);
  const series = texts([], doc.series, v.series);
  const publisher = texts([], doc.publishers, v.publishers);
  const other = texts([doc.responsibility], doc.contents, doc.summary, doc.places, doc.local, v.other);
  const primary = doc.authors.find((a) => a.primary) ?? doc.authors[0];
  const titleSource = doc.titleSort ?? doc.title;
  return {
    id: doc.id,
    controlNumber: doc.controlNumber,
    year: doc.year,
    titleKey: titleSource ? sortKey(titleSource) || undefined : undefined,
    authorKey: primary ? sortKey(primary.heading || primary.name) || undefined : undefined,
    callKey: doc.callNumbers[0]?.shelfKey || undefined,
    display: hitDisplay(doc),
    texts: { title, author, subject, other: [...series, ...publisher, ...other] },
    fts: {
      title: foldAll(title),
      author: foldAll(author),
      subject: foldAll(subject),
      series: foldAll(series),
      publisher: foldAll(publisher),
      other: foldAll(other),
      ids: documentIdentifierTokens(doc),
    },
    terms: documentTerms(doc, authors, subjectHeadings),
  };
}

/** Non-blank values of the given lists, in order. */
function texts(...lists: readonly (readonly (string | undefined)[])[]): string[] {
  const out: string[] = [];
  for (const list of lists)
    for (const value of list) if (value !== undefined && value.trim() !== '') out.push(value);
  return out;
}

function foldAll(values: string[]): string {
  // A line break between values keeps one value's words apart from the next in the stored text.
  return values.length === 1 ? fold(values[0]!) : values.map(fold).join('\n');
}

function hitDisplay(doc: CatalogDocument): HitDisplay {
  return {
    id: doc.id,
    controlNumber: doc.controlNumber,
    title: doc.title,
    subtitle: doc.subtitle,
    authors: doc.authors.map((a) => a.name),
    formats: doc.formats,
    year: doc.year,
    isbns: unique(doc.isbns.map((i) => i.isbn13 ?? i.value)),
    issns: unique(doc.issns.map((i) => i.normalized ?? i.value)),
    lccns: unique(doc.lccns.map((l) => l.normalized)),
    oclcNumbers: doc.oclcNumbers,
    callNumber: doc.callNumbers[0]?.value,
  };
}

/**
 * Facet values (keyed for prefix search; the author key is also the author browse key), subject
 * headings and call numbers for browsing, and call numbers in compact form for searching.
 */
function documentTerms(doc: CatalogDocument, authors: string[], subjects: string[]): TermRow[] {
  const out: TermRow[] = [];
  const seen = new Set<string>();
  const add = (
    field: TermField,
    values: readonly string[],
    keyOf: (value: string) => string = sortKey,
  ): void => {
    for (const raw of values) {
      const value = raw.trim();
      const dedupe = `${field}\u0000${value}`;
      if (value === '' || seen.has(dedupe)) continue;
      seen.add(dedupe);
      out.push({ field, value, key: keyOf(value) });
    }
  };
  add('format', doc.formats);
  add('language', doc.languages);
  add('topic', doc.topics);
  add('genre', doc.genres);
  add('geographic', doc.geographic);
  add('era', doc.eras);
  add('author', authors);
  add('publisher', doc.publishers);
  add('series', doc.series);
  add('local', doc.local);
  add('subjectHeading', subjects);
  for (const call of doc.callNumbers) {
    if (call.shelfKey)
      out.push({ field: 'callNumber', value: call.value, key: call.shelfKey, scheme: call.scheme });
  }
  add(
    'callNumberForm',
    doc.callNumbers.map((c) => callNumberForm(c.value) ?? ''),
    (form) => form,
  );
  return out;
}

/**
 * The facet values of a record's copies: `availability` (`available` when one is on the shelf, else
 * `unavailable`), each `location` and `library` holding one. None without copies, so a record with
 * no items never counts as unavailable. Kept apart from documentRows: the summary comes from the
 * items, not the document, and an index adds these to rows made from the document alone.
 */
export function availabilityTerms(summary: AvailabilitySummary | undefined): TermRow[] {
  if (!hasCopies(summary)) return [];
  const terms: TermRow[] = [];
  const value = summary.available > 0 ? 'available' : 'unavailable';
  terms.push({ field: 'availability', value, key: value });
  const libraries = new Set<string>();
  for (const { location } of summary.locations) {
    terms.push({ field: 'location', value: location, key: sortKey(location) });
    const library = location.slice(0, location.indexOf('/'));
    if (library !== '' && !libraries.has(library)) {
      libraries.add(library);
      terms.push({ field: 'library', value: library, key: sortKey(library) });
    }
  }
  return terms;
}

/** A summary worth indexing: at least one copy (withdrawn items count nowhere). */
export function hasCopies(summary: AvailabilitySummary | undefined): summary is AvailabilitySummary {
  return summary !== undefined && summary.total > 0;
}

function unique(values: readonly string[]): string[] {
  return values.length < 2 ? [...values] : [...new Set(values)];
}
