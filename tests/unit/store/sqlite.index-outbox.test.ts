import Database from 'better-sqlite3';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { STORE_SCHEMA_VERSION } from '../../../src/store/sqlite/schema';
import { input } from '../../contract/record-store.fixtures';

/** The version 1 tables, as a database written before the outbox existed holds them. */
const VERSION_1_DDL = `
CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, control_number TEXT,
  marc TEXT NOT NULL, document TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE tombstones (id TEXT PRIMARY KEY, control_number TEXT, version INTEGER NOT NULL,
  deleted_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_meta VALUES ('schema_version', '1'), ('seq', '1');
INSERT INTO records VALUES (1, 'old', 'old', '{"leader":"00000nam a2200000 a 4500","fields":[]}', '{"id":"old"}',
  1, 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1);
`;

describe('SQLite record store outbox', () => {
  test('when the store shares its transaction with the index (indexOutbox off), then writes and markPending leave nothing pending', async () => {
    const store = createSqliteRecordStore(new Database(':memory:'), { indexOutbox: false });

    await store.upsertMany([input('r1', 'A'), input('r2', 'B')]);
    await store.deleteMany(['r1']);
    expect(await store.markPending(['r2'])).toEqual([]);

    expect(await store.pendingIndexCount()).toBe(0);
    expect((await store.pendingIndexWork({ limit: 10 })).items).toEqual([]);
  });

  test('when the embedded backends write, then their pending count stays 0', async () => {
    const backends = openSqliteBackends(':memory:');
    await backends.store.upsertMany([input('r1', 'A')]);

    expect(await backends.store.pendingIndexCount()).toBe(0);
    await backends.close();
  });

  test('when a version 1 database is opened, then it gains the column, old rows are not pending and new writes are', async () => {
    const db = new Database(':memory:');
    db.exec(VERSION_1_DDL);

    const store = createSqliteRecordStore(db);
    await store.upsertMany([input('r2', 'B')]);

    expect(db.prepare(`SELECT value FROM store_meta WHERE key = 'schema_version'`).pluck().get()).toBe(
      String(STORE_SCHEMA_VERSION),
    );
    expect((await store.pendingIndexWork({ limit: 10 })).items).toEqual([
      { id: 'r2', version: 1, deleted: false },
    ]);
  });

  test('when pending work is read, then the partial indexes answer it without scanning the tables', () => {
    const db = new Database(':memory:');
    createSqliteRecordStore(db);

    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, seq FROM records WHERE index_pending IS NOT NULL AND seq > 0
         UNION ALL SELECT id, seq FROM tombstones WHERE index_pending IS NOT NULL AND seq > 0 ORDER BY seq`,
      )
      .all() as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');

    expect(details).toContain('records_index_pending');
    expect(details).toContain('tombstones_index_pending');
  });
});
