import type { Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import { storeModels } from '../../src/store/mongo/record.schema';
import type { RecordStore } from '../../src/store/port';

export interface MongoStores {
  /** The suite's connection (after its beforeAll). */
  connection(): Connection;
  /** A store on collections of its own, dropped after the suite. */
  fresh(): Promise<{ store: RecordStore; prefix: string }>;
}

/**
 * One connection per suite and one collection prefix per store made, so tests (and parallel or
 * aborted runs) never share data; every collection a store made is dropped in afterAll.
 * Call inside a describe block (it registers beforeAll/afterAll).
 */
export function useMongoStores(mongoUrl: string, label: string): MongoStores {
  const runPrefix = `${label}_${process.pid}_${Date.now()}_`;
  const prefixes: string[] = [];
  let connection: Connection | undefined;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    if (!connection) return;
    for (const prefix of prefixes) {
      for (const model of Object.values(storeModels(connection, prefix))) {
        await model.collection.drop().catch(() => undefined);
      }
    }
    await disconnectMongo(connection);
  });

  const open = (): Connection => {
    if (!connection) throw new Error('useMongoStores: the connection opens in beforeAll');
    return connection;
  };
  return {
    connection: open,
    async fresh() {
      const prefix = `${runPrefix}${prefixes.length}_`;
      prefixes.push(prefix);
      return { store: await createMongoRecordStore(open(), { collectionPrefix: prefix }), prefix };
    },
  };
}
