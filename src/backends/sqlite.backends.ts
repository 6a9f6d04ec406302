import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error';
import { createSqliteSearchIndex } from '../search/sqlite/sqlite.search-index';
import { createSqliteRecordStore } from '../store/sqlite/sqlite.record-store';
import type { Backends } from './backends';

/**
 * The embedded default: record store and FTS5 index in one SQLite file (WAL, so the API reads
 * while an ingest writes), one connection, and a unit of work that is one transaction.
 */
export function openSqliteBackends(dbPath: string, options: { readonly?: boolean } = {}): Backends {
  const db = openDatabase(dbPath, options.readonly ?? false);
  const store = createSqliteRecordStore(db);
  const index = createSqliteSearchIndex(db);
  return {
    store,
    index,
    async atomically<T>(work: () => Promise<T>): Promise<T> {
      // IMMEDIATE takes the write lock up front: a second writer waits (busy_timeout) instead of
      // failing halfway through the batch when it tries to upgrade a read lock.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    },
    describe: () => `sqlite ${dbPath === ':memory:' ? ':memory:' : path.resolve(dbPath)}`,
    async close() {
      await index.close();
      await store.close();
      db.close();
    },
  };
}

function openDatabase(dbPath: string, readonly: boolean): Database.Database {
  try {
    if (dbPath !== ':memory:' && !readonly)
      mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const db = new Database(dbPath, { readonly, fileMustExist: readonly });
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (err) {
    throw new AppError('store_unavailable', `cannot open the database ${dbPath}: ${(err as Error).message}`, {
      dbPath,
    });
  }
}
