import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import { sqliteHarnesses } from '../support/sqlite-databases';
import { describeItemStoreContract } from './item-store.contract';

const harnesses = sqliteHarnesses('items', createSqliteItemStore);
describeItemStoreContract('SQLite in memory', harnesses.inMemory);
describeItemStoreContract('SQLite file (WAL)', harnesses.inFile);
