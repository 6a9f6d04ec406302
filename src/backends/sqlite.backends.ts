import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CirculationStore } from '../circulation/port';
import { createSqliteCirculationStore } from '../circulation/sqlite/sqlite.circulation-store';
import { AppError } from '../errors/app-error';
import type { ItemStore } from '../items/port';
import type { PatronStore } from '../patrons/port';
import { createSqlitePatronStore } from '../patrons/sqlite/sqlite.patron-store';
import type { SearchIndex } from '../search/port';
import { dropSearchTables } from '../search/sqlite/schema';
import { createSqliteItemStore } from '../items/sqlite/sqlite.item-store';
import { createSqliteSearchIndex } from '../search/sqlite/sqlite.search-index';
import type { RecordStore } from '../store/port';
import { createSqliteRecordStore } from '../store/sqlite/sqlite.record-store';
import { withAvailability } from './availability-index';
import type { Backends } from './backends';

/**
 * The embedded default: record store, FTS5 index, items, circulation and patrons in one SQLite file
 * (WAL, so the API reads while an ingest writes), one connection, and a unit of work that is one
 * transaction.
 * The SQLite backends also hand out their connection, for tables that live beside the catalog (jobs, keys).
 */
export type SqliteBackends = Backends & { db: Database.Database };

export function openSqliteBackends(dbPath: string, options: { readonly?: boolean } = {}): SqliteBackends {
  const db = openSqliteDatabase(dbPath, options.readonly ?? false);
  // The index commits in the store's transaction: no outbox to keep (docs/store.md).
  let store: RecordStore;
  let index: SearchIndex;
  let items: ItemStore;
  let circulation: CirculationStore;
  let patrons: PatronStore;
  try {
    store = createSqliteRecordStore(db, { indexOutbox: false });
    items = createSqliteItemStore(db);
    circulation = createSqliteCirculationStore(db);
    patrons = createSqlitePatronStore(db);
    // Every document the index is fed carries its record's copies, read in the same transaction.
    index = withAvailability(createSqliteSearchIndex(db), items);
  } catch (err) {
    // An index of another version refuses to open: let go of the file before saying so.
    db.close();
    throw err;
  }
  // Units of work share one connection, so they must not interleave: an API write arriving while
  // an ingest job's batch awaits inside its transaction would otherwise join that transaction.
  let tail: Promise<unknown> = Promise.resolve();
  const backends: SqliteBackends = {
    db,
    store,
    index,
    items,
    circulation,
    patrons,
    transactional: true,
    atomically<T>(work: () => Promise<T>): Promise<T> {
      const run = tail.then(() => transaction(db, work));
      tail = run.catch(() => undefined);
      return run;
    },
    describe: () => `sqlite ${dbPath === ':memory:' ? ':memory:' : path.resolve(dbPath)}`,
    async close() {
      await circulation.close();
      await patrons.close();
      await items.close();
      await index.close();
      await store.close();
      db.close();
    },
  };
  return backends;
}

async function transaction<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  // IMMEDIATE takes the write lock up front: another process's writer waits (busy_timeout)
  // instead of failing halfway through the batch when it tries to upgrade a read lock.
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * A connection to the local SQLite file with the settings every user of it needs: the embedded
 * backends, and the jobs and keys that stay in it beside scale-out backends.
 */
export function openSqliteDatabase(dbPath: string, readonly = false): Database.Database {
  try {
    if (dbPath !== ':memory:' && !readonly)
      mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const db = new Database(dbPath, { readonly, fileMustExist: readonly });
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // A checkpoint copies the pages in the WAL into the database file. At the default (1,000
    // pages) nearly every ingest commit checkpoints, copying index pages the next commits rewrite
    // anyway; at 20,000 (80 MiB) one copy serves many commits: a 50,000-record load wrote 1.27 GB
    // instead of 1.60 and read 0.56 GB instead of 0.89 (docs/ingest.md, tuning).
    db.pragma('wal_autocheckpoint = 20000');
    return db;
  } catch (err) {
    throw new AppError('store_unavailable', `cannot open the database ${dbPath}: ${(err as Error).message}`, {
      dbPath,
    });
  }
}

/**
 * Drops the embedded search tables from the SQLite file, so a full reindex can rebuild an index of
 * another schema version (which refuses to open). Here, in the composition root, because only
 * backends/ may reach into an adapter's folder (docs/architecture.md).
 */
export function dropSqliteSearchIndex(dbPath: string): void {
  const db = openSqliteDatabase(dbPath);
  try {
    db.transaction(() => dropSearchTables(db)).immediate();
  } finally {
    db.close();
  }
}
