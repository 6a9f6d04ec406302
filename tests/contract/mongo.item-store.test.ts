import type { Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createMongoItemStore } from '../../src/items/mongo/mongo.item-store';
import { describeWithMongo } from '../support/services';
import { describeItemStoreContract, type ItemStoreHarness } from './item-store.contract';

describeWithMongo('ItemStore on MongoDB', (mongoUrl) => {
  // A database of its own per test, named for this run, so runs (parallel or aborted) never meet;
  // each is dropped when its test ends.
  const runName = `stacks_items_${process.pid}_${Date.now()}`;
  let connection: Connection | undefined;
  let made = 0;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    if (connection) await disconnectMongo(connection);
  });

  const makeItems = async (): Promise<ItemStoreHarness> => {
    if (!connection) throw new Error('the connection opens in beforeAll');
    const db = connection.useDb(`${runName}_${made++}`, { useCache: false });
    const items = await createMongoItemStore(db);
    return {
      items,
      async close() {
        await items.close();
        await db.dropDatabase();
      },
    };
  };

  describeItemStoreContract('MongoDB (FerretDB)', makeItems);
});
