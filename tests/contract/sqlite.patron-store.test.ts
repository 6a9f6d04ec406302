import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { sqliteHarnesses } from '../support/sqlite-databases';
import { describePatronStoreContract } from './patron-store.contract';

const harnesses = sqliteHarnesses('patrons', createSqlitePatronStore);
describePatronStoreContract('SQLite in memory', harnesses.inMemory);
describePatronStoreContract('SQLite file (WAL)', harnesses.inFile);
