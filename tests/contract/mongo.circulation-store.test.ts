import type { Connection } from 'mongoose';
import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { describeWithMongo } from '../support/services';
import { describeCirculationStoreContract, type CirculationStoreHarness } from './circulation-store.contract';

describeWithMongo('CirculationStore on MongoDB', (mongoUrl) => {
  // A database of its own per test, named for this run, so runs (parallel or aborted) never meet;
  // each is dropped when its test ends.
  const runName = `stacks_circ_${process.pid}_${Date.now()}`;
  let connection: Connection | undefined;
  let made = 0;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    if (connection) await disconnectMongo(connection);
  });

  const make = async (): Promise<CirculationStoreHarness> => {
    if (!connection) throw new Error('the connection opens in beforeAll');
    const db = connection.useDb(`${runName}_${made++}`, { useCache: false });
    const circulation = await createMongoCirculationStore(db);
    return {
      circulation,
      async close() {
        await circulation.close();
        await db.dropDatabase();
      },
    };
  };

  describeCirculationStoreContract('MongoDB (FerretDB)', make);
});
