import type { CatalogDocument } from '../domain/catalog-document';
import type { MarcRecord } from '../marc/record';

/**
 * The record store: the MARC as received (kept as MARC-in-JSON) and what mapping made of it,
 * with a version, timestamps and tombstones for deletes (harvesters need to see deletions).
 * Adapters: sqlite/ (embedded default), mongo/ (scale-out). Domain types only: no driver types.
 */
/** A stored record's MARC and id: what getMarcMany answers. */
export interface StoredMarc {
  id: string;
  record: MarcRecord;
}

export interface StoredRecord {
  id: string;
  controlNumber?: string;
  record: MarcRecord;
  document: CatalogDocument;
  /** 1 when created, +1 on every change; never reused after a delete and re-create. */
  version: number;
  /** Hash of the MARC content (canonicalMarc). */
  contentHash: string;
  /**
   * Hash of the document's JSON as stored (documentHash). The same MARC content with the same
   * document again is `unchanged`, not a new version; the same MARC mapped to another document (a
   * new profile, new mapping code) is `updated`.
   */
  documentHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface Tombstone {
  id: string;
  controlNumber?: string;
  version: number;
  deletedAt: string;
}

/**
 * What a store writes for a record besides its scalar fields, made by `recordForms`
 * (store/record-forms.ts): the canonical MARC-in-JSON text and its content hash, the document's
 * JSON, its hash and its identifiers. Pure functions of the record and the document, so a caller may make
 * them ahead of time, on another thread (the ingest's worker), and pass them with the input.
 */
export interface RecordForms {
  readonly marc: { readonly json: string; readonly hash: string };
  readonly document: {
    readonly json: string;
    readonly hash: string;
    readonly identifiers: readonly [IdentifierKind, string][];
  };
}

export interface RecordInput {
  readonly record: MarcRecord;
  readonly document: Readonly<CatalogDocument>;
  /** Optimistic concurrency: fail with `version_conflict` unless the stored version is this one. */
  readonly ifVersion?: number;
  /**
   * `recordForms(record, document)` of exactly this record and document, when the caller has them
   * already; a store that is not given them makes them. Whoever changes the document drops them.
   */
  readonly forms?: RecordForms;
}

export type UpsertOutcome = { id: string; outcome: 'created' | 'updated' | 'unchanged'; version: number };
export type DeleteOutcome = { id: string; outcome: 'deleted' | 'not_found'; version?: number };

/**
 * Identifiers a record can be matched and looked up by, normalised as the mapping normalises them.
 * `overlaid` holds the record's own id when it keeps alternate ids (ids of records an ingest
 * overlaid onto it): an ingest finds the few records whose alternates a new version must carry
 * over without reading every record it replaces.
 */
export type IdentifierKind = 'id' | 'controlNumber' | 'isbn' | 'issn' | 'lccn' | 'oclc' | 'overlaid';

/**
 * One entry of the change feed. `cursor` is its place in the feed: passed back as `after`, the
 * feed goes on just after it, so a reader that stops inside a page (OAI-PMH filtering a set) can
 * resume from the last change it used rather than from the page's end.
 */
export type Change = (
  { kind: 'record'; record: StoredRecord } | { kind: 'deleted'; tombstone: Tombstone }
) & { cursor: string };

export interface ChangePage {
  changes: Change[];
  /** Pass back as `after` for the next page; absent on the last page. */
  next?: string;
}

/**
 * A record or tombstone whose last write the search index has not confirmed yet: the store's
 * outbox. An index outside the store's transactions catches up from these (docs/store.md).
 */
export interface PendingIndexItem {
  id: string;
  /** The version written; markIndexed clears the item only while the record is still at it. */
  version: number;
  /** A tombstone: the index should drop the record. */
  deleted: boolean;
}

export interface PendingIndexPage {
  items: PendingIndexItem[];
  /** Pass back as `after` for the next page; absent on the last page. */
  next?: string;
}

export interface RecordStore {
  get(id: string): Promise<StoredRecord | undefined>;
  getMany(ids: readonly string[]): Promise<StoredRecord[]>;
  /**
   * A capability: the MARC alone of the live records among `ids`, in the order asked, unknown ids
   * skipped (as getMany). For writers that need nothing else (SRU's MARCXML): it skips reading and
   * parsing the document, which is as large as the MARC, and a read pool sends back half the
   * objects. A store that cannot read the MARC apart leaves it out; callers then use getMany.
   */
  getMarcMany?(ids: readonly string[]): Promise<StoredMarc[]>;
  getTombstone(id: string): Promise<Tombstone | undefined>;
  /** Ids of the live records carrying each identifier value (value → ids). */
  findIds(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string[]>>;
  /** Creates or replaces by document id, in input order; a tombstone of the same id is lifted. */
  upsertMany(inputs: readonly RecordInput[]): Promise<UpsertOutcome[]>;
  deleteMany(ids: readonly string[]): Promise<DeleteOutcome[]>;
  count(): Promise<number>;
  /**
   * Records and tombstones changed at or after `since`, in the order of the change sequence
   * (oldest first; OAI-PMH, incremental reindex). Every write moves its record to the end of the
   * feed, so a reader paging by cursor meets a record written behind it again and skips none.
   */
  changes(options: { since?: string; after?: string; limit: number }): Promise<ChangePage>;
  /**
   * How long the whole change feed is: live records plus tombstones (OAI-PMH's completeListSize
   * for an unfiltered harvest). One count, no read of the records themselves; a server that keeps
   * counts in its metadata (MongoDB) may answer its estimate.
   */
  changeCount(): Promise<number>;
  /**
   * Records and tombstones the index has not confirmed, oldest change first. Every create, update
   * and delete leaves its record pending in the same single-document write that stores it (an
   * embedded store whose index commits in the same transaction may be told not to).
   */
  pendingIndexWork(options: { limit: number; after?: string }): Promise<PendingIndexPage>;
  /**
   * Leaves these live records pending again at the version they have, though they did not change:
   * what the index derives from them beside their document did (their items' availability).
   * Returns the ids it marked: those already pending are left as they are (whoever sends them
   * will read them then), unknown ids and tombstones are skipped. An embedded store told to keep
   * no outbox marks nothing.
   */
  markPending(ids: readonly string[]): Promise<string[]>;
  /** Confirms records as indexed at these versions; one written again since stays pending. */
  markIndexed(items: readonly { id: string; version: number }[]): Promise<void>;
  /** How many records and tombstones wait for the index (the lag `/ready` reports). */
  pendingIndexCount(): Promise<number>;
  close(): Promise<void>;
}
