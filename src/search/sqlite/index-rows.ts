import type { AvailabilitySummary } from '../../domain/items/availability';
import type { IndexedDocument, PreparedDocument } from '../port';
import { availabilityTerms, documentRows, hasCopies, type TermRow } from '../common/document-rows';
import { FTS_COLUMNS } from './schema';
import { AVAILABILITY_CODES, fieldCodeOf, termFieldCode, termId, yearTermId } from './term-fields';
import { decodeTerms, encodeTerms } from './term-list';

/** The embedded index's preparer, by the name it declares (`SearchIndex.preparer`). */
export const SQLITE_INDEX_PREPARER = 'sqlite-index-rows';

/**
 * A document as the writer stores it: every value computed from the document alone, so it can be
 * made ahead of time (the ingest makes it in its worker thread) and handed over as plain data.
 */
export interface IndexRows extends PreparedDocument {
  readonly preparer: typeof SQLITE_INDEX_PREPARER;
  id: string;
  /**
   * search_docs values: control_number, year, title_key, author_key, call_key, display, texts,
   * availability (the JSON of `availability`, null without copies).
   */
  doc: (string | number | null)[];
  /** FTS values in FTS_COLUMNS order. */
  fts: string[];
  /** Distinct terms, five values each: id, field code, value, browse key, scheme. */
  terms: (string | number | null)[];
  /** The search_doc_terms blob: term ids and the year pseudo-term. */
  termList: Uint8Array;
}

export const TERM_WIDTH = 5;

/**
 * Pure: runs on the writing thread, or in the ingest's worker thread as this index's preparer. The
 * rows carry the document's availability, when it has one: the ingest's worker gives the summary a
 * record's copies will have if its load creates them all, and the writer keeps it or replaces it.
 */
export function indexRows(doc: Readonly<IndexedDocument>): IndexRows {
  const rows = documentRows(doc);
  const terms: (string | number | null)[] = [];
  const ids: number[] = [];
  pushTerms(rows.terms, terms, ids);
  if (rows.year !== undefined && rows.year > 0) ids.push(yearTermId(rows.year));
  // In the order withAvailability adds them to rows made without: the same rows either way.
  const summary = hasCopies(doc.availability) ? doc.availability : undefined;
  if (summary) pushTerms(availabilityTerms(summary), terms, ids);
  return {
    ...(summary && { availability: summary }),
    preparer: SQLITE_INDEX_PREPARER,
    id: rows.id,
    doc: [
      rows.controlNumber ?? null,
      rows.year ?? null,
      rows.titleKey ?? null,
      rows.authorKey ?? null,
      rows.callKey ?? null,
      JSON.stringify(rows.display),
      JSON.stringify(rows.texts),
      summary ? JSON.stringify(summary) : null,
    ],
    fts: FTS_COLUMNS.map((c) => rows.fts[c]),
    terms,
    termList: encodeTerms(ids),
  };
}

/** Appends each distinct term's five values to `flat` and its id to `ids`. */
export function pushTerms(rows: readonly TermRow[], flat: (string | number | null)[], ids: number[]): void {
  const seen = new Set<number>();
  for (const term of rows) {
    const id = termId(term.field, term.value);
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
    flat.push(id, termFieldCode(term.field), term.value, term.key, term.scheme ?? null);
  }
}

/**
 * The rows of a document with its copies' summary: the availability column and terms of `summary`
 * in place of those the rows were made with. Rows made with this very summary (the object itself,
 * as the ingest hands over the worker's) and rows without copies given none are returned as they
 * are: the ingest's fast path then costs the writing thread nothing.
 */
export function withAvailability(rows: IndexRows, summary: AvailabilitySummary | undefined): IndexRows {
  if (rows.availability === summary) return rows;
  const base = rows.availability === undefined ? rows : withoutAvailability(rows);
  if (!hasCopies(summary)) return base;
  const terms = [...base.terms];
  const ids = termIds(base);
  pushTerms(availabilityTerms(summary), terms, ids);
  const doc = [...base.doc];
  doc[AVAILABILITY_COLUMN] = JSON.stringify(summary);
  return { ...base, doc, terms, termList: encodeTerms(ids), availability: summary };
}

/** The rows as the document alone makes them: the availability column and terms taken out. */
function withoutAvailability(rows: IndexRows): IndexRows {
  const terms: (string | number | null)[] = [];
  for (let i = 0; i < rows.terms.length; i += TERM_WIDTH)
    if (!AVAILABILITY_CODES.has(rows.terms[i + 1] as number))
      terms.push(...rows.terms.slice(i, i + TERM_WIDTH));
  const ids = termIds(rows).filter((id) => !AVAILABILITY_CODES.has(fieldCodeOf(id)));
  const doc = [...rows.doc];
  doc[AVAILABILITY_COLUMN] = null;
  const { availability: _made, ...rest } = rows;
  return { ...rest, doc, terms, termList: encodeTerms(ids) };
}

function termIds(rows: IndexRows): number[] {
  return decodeTerms(Buffer.from(rows.termList.buffer, rows.termList.byteOffset, rows.termList.byteLength));
}

/** Position of search_docs.availability in `IndexRows.doc`. */
const AVAILABILITY_COLUMN = 7;

/**
 * Rows the caller passed for `doc`, when they are this index's and of this document; else made
 * here. The id check is a cheap guard: the caller promises rows of exactly this document.
 */
export function rowsFor(doc: Readonly<IndexedDocument>, prepared: PreparedDocument | undefined): IndexRows {
  if (isIndexRows(prepared) && prepared.id === doc.id) return withAvailability(prepared, doc.availability);
  return indexRows(doc);
}

function isIndexRows(prepared: PreparedDocument | undefined): prepared is IndexRows {
  return prepared?.preparer === SQLITE_INDEX_PREPARER;
}
