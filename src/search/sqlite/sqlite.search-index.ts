import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors/app-error';
import type {
  AvailabilityEntry,
  BrowseRequest,
  IndexedDocument,
  BrowseResponse,
  PreparedDocument,
  SearchIndex,
  SearchRequest,
  SearchResponse,
} from '../port';
import { BrowseReader } from './browse';
import { SQLITE_INDEX_PREPARER } from './index-rows';
import { IndexWriter } from './index-writer';
import { dropSearchTables, ensureSchema } from './schema';
import { SearchRunner } from './search-runner';
import { StatementCache } from '../../connections/sqlite-kit/statement-cache';

/**
 * The embedded search index: SQLite FTS5 in the caller's database (which the record store may
 * share; every table here starts `search_` or `fts_`). The caller opens the connection (WAL) and
 * closes it; `close()` only lets go of our statements. Writes join the caller's transaction when
 * one is open, else each call is its own transaction.
 */
export interface SqliteSearchIndexOptions {
  /** Prepared statements kept for repeated query shapes. */
  statementCacheSize?: number;
  /** Hits counted per chunk for facets (memory bound; tests make it small). */
  facetHitsPerChunk?: number;
}

export function createSqliteSearchIndex(db: Database, options: SqliteSearchIndexOptions = {}): SearchIndex {
  return new SqliteSearchIndex(db, options);
}

class SqliteSearchIndex implements SearchIndex {
  private readonly statements: StatementCache;
  private readonly writer: IndexWriter;
  private readonly runner: SearchRunner;
  private readonly browser: BrowseReader;
  private closed = false;

  constructor(
    private readonly db: Database,
    options: SqliteSearchIndexOptions,
  ) {
    ensureSchema(db);
    this.statements = new StatementCache(db, options.statementCacheSize);
    this.writer = new IndexWriter(db);
    this.runner = new SearchRunner(
      db,
      this.statements,
      () => this.writer.generation,
      options.facetHitsPerChunk,
    );
    this.browser = new BrowseReader(this.statements);
  }

  /** Rows made in the ingest's worker thread come back as `prepared` (index-rows.ts). */
  readonly preparer = SQLITE_INDEX_PREPARER;

  upsert(
    documents: readonly Readonly<IndexedDocument>[],
    prepared?: readonly (PreparedDocument | undefined)[],
  ): Promise<void> {
    return this.call(() => this.writer.upsert(documents, prepared));
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.call(() => this.writer.remove(ids));
  }

  setAvailability(entries: readonly AvailabilityEntry[]): Promise<void> {
    return this.call(() => this.writer.setAvailability(entries));
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    return this.call(() => this.runner.run(request));
  }

  browse(request: BrowseRequest): Promise<BrowseResponse> {
    return this.call(() => this.browser.browse(request));
  }

  count(): Promise<number> {
    return this.call(
      () => (this.statements.get('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n,
    );
  }

  /**
   * Drops and refills every search table in one transaction: readers on other connections (WAL)
   * keep the old index until the commit, and a failure rolls back to it. The batches may read the
   * record store on this same connection.
   */
  async rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<{ documents: number }> {
    if (this.closed) throw new AppError('index_unavailable', 'the search index is closed');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      dropSearchTables(this.db);
      ensureSchema(this.db);
      this.statements.clear();
      let documents = 0;
      for await (const batch of batches) {
        this.writer.upsert(batch);
        documents += batch.length;
      }
      this.db.exec('COMMIT');
      return { documents };
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): Promise<void> {
    this.closed = true;
    this.statements.clear();
    return Promise.resolve();
  }

  /** better-sqlite3 is synchronous; the port is async so other adapters can be. Throws become rejections. */
  private call<T>(work: () => T): Promise<T> {
    try {
      if (this.closed) throw new AppError('index_unavailable', 'the search index is closed');
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
