import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteSearchIndex } from '../../src/search/sqlite/sqlite.search-index';
import { describeSearchIndexContract } from './search-index.contract';

/** The SearchIndex contract on SQLite: in memory, and in a WAL file as the service opens it. */
const opened: Database.Database[] = [];
const dir = mkdtempSync(join(tmpdir(), 'stacks-search-'));
let files = 0;

afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describeSearchIndexContract('sqlite :memory:', async () => {
  const db = new Database(':memory:');
  opened.push(db);
  return createSqliteSearchIndex(db);
});

describeSearchIndexContract('sqlite file (WAL)', async () => {
  files += 1;
  const db = new Database(join(dir, `search-${files}.db`));
  db.pragma('journal_mode = WAL');
  opened.push(db);
  return createSqliteSearchIndex(db);
});
