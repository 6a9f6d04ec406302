import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import { describeItemStoreContract } from './item-store.contract';

describeItemStoreContract('SQLite in memory', async () => {
  const db = new Database(':memory:');
  return { items: createSqliteItemStore(db), close: async () => void db.close() };
});

describeItemStoreContract('SQLite file (WAL)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-items-'));
  const db = new Database(path.join(dir, 'stacks.db'));
  db.pragma('journal_mode = WAL');
  const items = createSqliteItemStore(db);
  return {
    items,
    async close() {
      await items.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
