import type { CatalogDocument } from '../../domain/catalog-document';
import type { FacetField, Hit } from '../port';
import { fold, sortKey } from './fold';
import { documentIdentifiers, type IdentifierRow } from './identifier-forms';
import type { FtsColumn } from './schema';

/** The stored hit: everything in `Hit` but the per-query score and highlight. */
export type HitDisplay = Omit<Hit, 'score' | 'highlight'>;

/** Original text by highlight field, so snippets show what the record says, not the folded form. */
export type HighlightField = 'title' | 'author' | 'subject' | 'other';
export type HighlightTexts = Partial<Record<HighlightField, string[]>>;

export interface BrowseRow {
  idx: 'author' | 'title' | 'subject' | 'callnumber';
  key: string;
  heading: string;
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
  facets: { field: FacetField; value: string }[];
  identifiers: IdentifierRow[];
  browse: BrowseRow[];
}

/** Original text per FTS column; `title`…`subject` double as highlight fields, the rest is `other`. */
function columnTexts(doc: CatalogDocument): Record<FtsColumn, string[]> {
  const v = doc.vernacular;
  return {
    title: [doc.title, doc.subtitle, ...doc.alternativeTitles, ...v.title].filter(isText),
    author: [...doc.authors.map((a) => a.heading || a.name), ...v.authors].filter(isText),
    subject: [...doc.subjects.map((s) => s.heading), ...v.subjects].filter(isText),
    series: [...doc.series, ...v.series].filter(isText),
    publisher: [...doc.publishers, ...v.publishers].filter(isText),
    other: [doc.responsibility, ...doc.contents, ...doc.summary, ...doc.places, ...v.other].filter(isText),
  };
}

function isText(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function foldAll(values: string[]): string {
  // A line break between values keeps one value's words apart from the next in the stored text.
  return values.map(fold).join('\n');
}

export function documentRows(doc: CatalogDocument): DocumentRows {
  const columns = columnTexts(doc);
  const primary = doc.authors.find((a) => a.primary) ?? doc.authors[0];
  const call = doc.callNumbers[0];
  const titleSource = doc.titleSort ?? doc.title;
  return {
    id: doc.id,
    controlNumber: doc.controlNumber,
    year: doc.year,
    titleKey: titleSource ? sortKey(titleSource) || undefined : undefined,
    authorKey: primary ? sortKey(primary.heading || primary.name) || undefined : undefined,
    callKey: call?.shelfKey || undefined,
    display: hitDisplay(doc),
    texts: {
      title: columns.title,
      author: columns.author,
      subject: columns.subject,
      other: [...columns.series, ...columns.publisher, ...columns.other],
    },
    fts: {
      title: foldAll(columns.title),
      author: foldAll(columns.author),
      subject: foldAll(columns.subject),
      series: foldAll(columns.series),
      publisher: foldAll(columns.publisher),
      other: foldAll(columns.other),
    },
    facets: facetValues(doc),
    identifiers: documentIdentifiers(doc),
    browse: browseRows(doc),
  };
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

function facetValues(doc: CatalogDocument): { field: FacetField; value: string }[] {
  const out: { field: FacetField; value: string }[] = [];
  const add = (field: FacetField, values: readonly string[]): void => {
    for (const value of unique(values.map((x) => x.trim()).filter((x) => x !== '')))
      out.push({ field, value });
  };
  add('format', doc.formats);
  add('language', doc.languages);
  add('topic', doc.topics);
  add('genre', doc.genres);
  add('geographic', doc.geographic);
  add('era', doc.eras);
  add(
    'author',
    doc.authors.map((a) => a.heading || a.name),
  );
  add('year', doc.year === undefined ? [] : [String(doc.year)]);
  add('publisher', doc.publishers);
  add('series', doc.series);
  return out;
}

function browseRows(doc: CatalogDocument): BrowseRow[] {
  const rows = new Map<string, BrowseRow>();
  const add = (row: BrowseRow): void => {
    if (row.key) rows.set(`${row.idx}\u0000${row.key}`, row);
  };
  for (const author of doc.authors) {
    const heading = author.heading || author.name;
    add({ idx: 'author', key: sortKey(heading), heading });
  }
  const title = doc.title;
  if (title) add({ idx: 'title', key: sortKey(doc.titleSort ?? title), heading: title });
  for (const subject of doc.subjects)
    add({ idx: 'subject', key: sortKey(subject.heading), heading: subject.heading });
  for (const call of doc.callNumbers) {
    if (call.shelfKey)
      add({ idx: 'callnumber', key: call.shelfKey, heading: call.value, scheme: call.scheme });
  }
  return [...rows.values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
