import type { CatalogDocument } from '../../domain/catalog-document';
import type { HighlightField, HighlightTexts, HitDisplay } from '../common/hit-display';
import { fold, sortKey } from '../common/fold';
import { callNumberForm, documentIdentifierTokens } from '../common/identifier-forms';
import type { FtsColumn } from './schema';
import type { TermField } from './term-fields';

export type { HighlightField, HighlightTexts, HitDisplay };

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
  fts: Record<FtsColumn, string>;
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
  const other = texts([doc.responsibility], doc.contents, doc.summary, doc.places, v.other);
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

function unique(values: readonly string[]): string[] {
  return values.length < 2 ? [...values] : [...new Set(values)];
}
