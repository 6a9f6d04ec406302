import type { Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createMongoPatronStore } from '../../src/patrons/mongo/mongo.patron-store';
import { describeWithMongo } from '../support/services';
import { describePatronStoreContract, type PatronStoreHarness } from './patron-store.contract';

describeWithMongo('PatronStore on MongoDB', (mongoUrl) => {
  // A database of its own per test, named for this run, so runs (parallel or aborted) never meet;
  // each is dropped when its test ends.
  const runName = `stacks_patrons_${process.pid}_${Date.now()}`;
  let connection: Connection | undefined;
  let made = 0;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    if (connection) await disconnectMongo(connection);
  });

  const makePatrons = async (): Promise<PatronStoreHarness> => {
    if (!connection) throw new Error('the connection opens in beforeAll');
    const db = connection.useDb(`${runName}_${made++}`, { useCache: false });
    const patrons = await createMongoPatronStore(db);
    return {
      patrons,
      async close() {
        await patrons.close();
        await db.dropDatabase();
      },
    };
  };

  describePatronStoreContract('MongoDB (FerretDB)', makePatrons);
});
