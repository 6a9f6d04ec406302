import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteCirculationStore } from '../../src/circulation/sqlite/sqlite.circulation-store';
import { describeCirculationStoreContract } from './circulation-store.contract';

describeCirculationStoreContract('SQLite in memory', async () => {
  const db = new Database(':memory:');
  return { circulation: createSqliteCirculationStore(db), close: async () => void db.close() };
});

describeCirculationStoreContract('SQLite file (WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-circulation-'));
  const db = new Database(path.join(dir, 'stacks.db'));
  db.pragma('journal_mode = WAL');
  const circulation = createSqliteCirculationStore(db);
  return {
    circulation,
    async close() {
      await circulation.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
