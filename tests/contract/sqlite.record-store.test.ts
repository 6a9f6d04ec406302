import Database from 'better-sqlite3';
import { createSqliteRecordStore } from '../../src/store/sqlite/sqlite.record-store';
import { describeRecordStoreIdOrderContract } from './record-store-id-order.contract';
import { walDatabase } from '../support/sqlite-databases';
import { describeChangeFeedContract } from './record-store-feed.contract';
import { describeIndexOutboxContract } from './record-store-outbox.contract';
import { describeRecordStoreContract } from './record-store.contract';

describeRecordStoreContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);

// The record store's contract takes a bare store and closes only it, which leaves the database to
// its opener: the file and its folder last as long as the run, as they always have.
describeRecordStoreContract('SQLite file (WAL)', async () =>
  createSqliteRecordStore(walDatabase('store').db),
);

describeIndexOutboxContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);

describeRecordStoreIdOrderContract('SQLite in memory', async () =>
  createSqliteRecordStore(new Database(':memory:')),
);
describeChangeFeedContract('SQLite in memory', async () => createSqliteRecordStore(new Database(':memory:')));
