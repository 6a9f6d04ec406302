import type { CatalogDocument } from '../../domain/catalog-document';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { PreparedDocument } from '../port';
import { availabilityTerms, documentRows, hasCopies, type TermRow } from '../common/document-rows';
import { FTS_COLUMNS } from './schema';
import { termFieldCode, termId, yearTermId } from './term-fields';
import { encodeTerms } from './term-list';

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
   * availability (null here: the writer adds a record's copies, `withAvailability`).
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

/** Pure: runs on the writing thread, or in the ingest's worker thread as this index's preparer. */
export function indexRows(doc: Readonly<CatalogDocument>): IndexRows {
  const rows = documentRows(doc);
  const terms: (string | number | null)[] = [];
  const ids: number[] = [];
  pushTerms(rows.terms, terms, ids);
  if (rows.year !== undefined && rows.year > 0) ids.push(yearTermId(rows.year));
  return {
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
      null,
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
 * The rows of a document with its copies' summary: the availability column and terms added to rows
 * made from the document alone (the preparer's, which never sees items). Without copies the rows
 * are returned as they are, so the ingest's fast path costs nothing for records without items.
 * The term list gains the new ids at its end, as decoding it, appending and encoding again would
 * give, without the round trip (every record with copies of a load passes here).
 */
export function withAvailability(rows: IndexRows, summary: AvailabilitySummary | undefined): IndexRows {
  if (!hasCopies(summary)) return rows;
  const { flat, encoded } = availabilityValues(summary);
  const doc = rows.doc.slice();
  doc[AVAILABILITY_COLUMN] = JSON.stringify(summary);
  const termList = Buffer.concat([rows.termList, encoded]);
  return { ...rows, doc, terms: rows.terms.concat(flat), termList };
}

/**
 * Cleared when it grows past this: a load repeats a handful of locations over thousands of
 * records, and only a catalog with that many combinations of them reaches it.
 */
const MEMO_LIMIT = 10_000;
const availabilityMemo = new Map<string, AvailabilityValues>();

interface AvailabilityValues {
  /** Five values a term, as in IndexRows.terms. */
  flat: (string | number | null)[];
  /** Their ids as the term list stores them. */
  encoded: Buffer;
}

/**
 * A summary's availability terms flattened as pushTerms flattens them, and their ids: made once
 * per kind of summary (on the shelf or not, and where), since they depend on nothing else.
 */
function availabilityValues(summary: AvailabilitySummary): AvailabilityValues {
  let memoKey = summary.available > 0 ? 'a' : 'u';
  for (const { location } of summary.locations) memoKey += `\u0000${location}`;
  let values = availabilityMemo.get(memoKey);
  if (values) return values;
  const flat: (string | number | null)[] = [];
  const ids: number[] = [];
  pushTerms(availabilityTerms(summary), flat, ids);
  values = { flat, encoded: encodeTerms(ids) };
  if (availabilityMemo.size >= MEMO_LIMIT) availabilityMemo.clear();
  availabilityMemo.set(memoKey, values);
  return values;
}

/** Position of search_docs.availability in `IndexRows.doc`. */
const AVAILABILITY_COLUMN = 7;

/**
 * Rows the caller passed for `doc`, when they are this index's and of this document; else made
 * here. The id check is a cheap guard: the caller promises rows of exactly this document.
 */
export function rowsFor(doc: Readonly<CatalogDocument>, prepared: PreparedDocument | undefined): IndexRows {
  if (isIndexRows(prepared) && prepared.id === doc.id) return prepared;
  return indexRows(doc);
}

function isIndexRows(prepared: PreparedDocument | undefined): prepared is IndexRows {
  return prepared?.preparer === SQLITE_INDEX_PREPARER;
}
