import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteRecordStore } from '../../src/store/sqlite/sqlite.record-store';
import { describeRecordStoreIdOrderContract } from './record-store-id-order.contract';
import { describeChangeFeedContract } from './record-store-feed.contract';
import { describeIndexOutboxContract } from './record-store-outbox.contract';
import { describeRecordStoreContract } from './record-store.contract';

describeRecordStoreContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);

describeRecordStoreContract('SQLite file (WAL)', async () => {
  const db = new Database(path.join(mkdtempSync(path.join(tmpdir(), 'stacks-store-')), 'stacks.db'));
  db.pragma('journal_mode = WAL');
  return createSqliteRecordStore(db);
});

describeIndexOutboxContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);

describeRecordStoreIdOrderContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);
describeChangeFeedContract('SQLite in memory', async () => createSqliteRecordStore(new Database(':memory:')));
