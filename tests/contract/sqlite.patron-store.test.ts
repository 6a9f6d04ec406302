import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { describePatronStoreContract } from './patron-store.contract';

describePatronStoreContract('SQLite in memory', async () => {
  const db = new Database(':memory:');
  return { patrons: createSqlitePatronStore(db), close: async () => void db.close() };
});

describePatronStoreContract('SQLite file (WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-patrons-'));
  const db = new Database(path.join(dir, 'stacks.db'));
  db.pragma('journal_mode = WAL');
  const patrons = createSqlitePatronStore(db);
  return {
    patrons,
    async close() {
      await patrons.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
