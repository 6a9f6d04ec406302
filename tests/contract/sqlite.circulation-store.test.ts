import { createSqliteCirculationStore } from '../../src/circulation/sqlite/sqlite.circulation-store';
import { sqliteHarnesses } from '../support/sqlite-databases';
import { describeCirculationStoreContract } from './circulation-store.contract';

const harnesses = sqliteHarnesses('circulation', createSqliteCirculationStore);
describeCirculationStoreContract('SQLite in memory', harnesses.inMemory);
describeCirculationStoreContract('SQLite file (WAL)', harnesses.inFile);
