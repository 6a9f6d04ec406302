import type { CatalogDocument } from '../domain/catalog-document';
import type { AvailabilitySummary } from '../domain/items/availability';
import type { QueryNode } from './query/ast';

/**
 * The search index: full text with weighted fields, filters, facets, sorting, paging, highlights,
 * and the browse indexes. Adapters: sqlite/ (FTS5, embedded default), elastic/ (Elasticsearch and
 * OpenSearch). Fed CatalogDocuments; answers with plain hits, never driver types.
 */
export const FACET_FIELDS = [
  'format',
  'language',
  'topic',
  'genre',
  'geographic',
  'era',
  'author',
  'year',
  'publisher',
  'series',
  /** The library's own values (CatalogDocument.local), from a profile that maps them. */
  'local',
  /**
   * The copies (IndexedDocument.availability): `available` when one is on the shelf, `unavailable`
   * when none is; a record without copies has no value (docs/items.md, availability).
   */
  'availability',
  /** Locations holding a copy, `LIBRARY/LOCATION` (`MAIN/STACKS`). */
  'location',
  /** Libraries holding a copy (`MAIN`). */
  'library',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export function isFacetField(value: unknown): value is FacetField {
  return typeof value === 'string' && (FACET_FIELDS as readonly string[]).includes(value);
}

export const SORT_KEYS = [
  'relevance',
  'title',
  '-title',
  'author',
  '-author',
  'date',
  '-date',
  'callnumber',
  '-callnumber',
  /**
   * Record ids in the UTF-8 byte order of their ids, as the store pages them: a stable order for
   * exports and harvests. Hits that only an identifier (and not the text) matched are not added,
   * as they are in relevance order.
   */
  'id',
] as const;

export type SortKey = (typeof SORT_KEYS)[number];

export interface Filter {
  field: FacetField;
  /** Any of these (OR); several filters combine with AND. */
  values: string[];
}

export interface SearchRequest {
  /** Undefined matches every record. */
  query?: QueryNode;
  filters?: Filter[];
  /** Year range filter, inclusive. */
  years?: { from?: number; to?: number };
  facets?: { field: FacetField; limit?: number }[];
  sort?: SortKey;
  offset?: number;
  limit?: number;
  /** Opaque, from a previous response's `nextCursor`; replaces offset for deep paging. */
  cursor?: string;
  highlight?: boolean;
}

export interface Hit {
  id: string;
  controlNumber?: string;
  score: number;
  title?: string;
  subtitle?: string;
  authors: string[];
  formats: string[];
  year?: number;
  isbns: string[];
  issns: string[];
  lccns: string[];
  oclcNumbers: string[];
  callNumber?: string;
  /** The record's copies as the index last heard of them; absent when it has none. Public data only. */
  availability?: AvailabilitySummary;
  /** Field → fragments with matches wrapped in <mark>…</mark> (text escaped). */
  highlight?: Record<string, string[]>;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResponse {
  total: number;
  hits: Hit[];
  facets: Partial<Record<FacetField, FacetValue[]>>;
  nextCursor?: string;
}

export type BrowseIndex = 'author' | 'title' | 'subject' | 'callnumber';

export interface BrowseRequest {
  index: BrowseIndex;
  /** The anchor: entries at or after it come `after`, entries before it `before`. */
  from: string;
  before?: number;
  after?: number;
  /** Call numbers only: one scheme instead of both in shelf-key order. */
  scheme?: 'lc' | 'dewey';
}

export interface BrowseEntry {
  heading: string;
  /** The normalised sort key the index files the heading under. */
  key: string;
  count: number;
  /** Call numbers: the records filed there (first few). */
  records?: { id: string; controlNumber?: string }[];
  scheme?: 'lc' | 'dewey';
}

export interface BrowseResponse {
  /** Entries in index order: `before` entries, then from the anchor on. */
  entries: BrowseEntry[];
  /** Position in `entries` of the first entry at or after the anchor. */
  anchor: number;
}

/**
 * An index adapter's own rows for one document, made ahead of time by the preparer the index
 * declares (`SearchIndex.preparer`), off the writing thread: plain data, tagged with that preparer's
 * name. Only the adapter that declares the name reads them; any other writes from the document.
 */
export interface PreparedDocument {
  readonly preparer: string;
}

/**
 * What the index is fed: a record's document and, when the record has copies, their summary. The
 * summary is not part of the document (the store never keeps it): it is derived from the items,
 * and whoever feeds the index attaches it (the composition root's `withAvailability`).
 */
export type IndexedDocument = CatalogDocument & {
  /** Absent, or with `total` 0: no copies, so no `availability`/`location`/`library` values. */
  availability?: AvailabilitySummary;
};

/** A record's availability alone: `setAvailability` replaces just this part of an indexed record. */
export interface AvailabilityEntry {
  id: string;
  availability?: AvailabilitySummary;
}

export interface SearchIndex {
  /**
   * Adds or replaces documents, each with exactly the availability it carries. `prepared[i]`, when
   * given, is the index's preparer's rows of exactly `documents[i]` without its availability (which
   * the adapter adds itself, so attaching a summary keeps the rows valid); whoever changes anything
   * else of a document drops its rows.
   */
  upsert(
    documents: readonly Readonly<IndexedDocument>[],
    prepared?: readonly (PreparedDocument | undefined)[],
  ): Promise<void>;
  /**
   * A fast path the index declares: the name of the pure function that makes its rows for a
   * document (`PreparedDocument`), which a worker thread loads from backends/document-preparers.ts
   * (a name crosses threads; a function cannot). Absent: the index writes from documents alone.
   */
  readonly preparer?: string;
  remove(ids: readonly string[]): Promise<void>;
  /**
   * Replaces the availability of records already indexed, leaving their documents as they are (an
   * item changed, the record did not); ids the index does not hold are skipped.
   */
  setAvailability(entries: readonly AvailabilityEntry[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  browse(request: BrowseRequest): Promise<BrowseResponse>;
  count(): Promise<number>;
  /**
   * Replaces every document with these (`stacks reindex`). Searches keep seeing the old index
   * until the new one is complete; on failure the old one stays. Run it outside units of work.
   */
  rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<{ documents: number }>;
  close(): Promise<void>;
}
