import type { Connection } from 'mongoose';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import { storeModels } from '../../src/store/mongo/record.schema';
import type { RecordStore } from '../../src/store/port';
import { useMongoConnection } from './mongo-databases';

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
  const open = useMongoConnection(mongoUrl, async (connection) => {
    for (const prefix of prefixes) {
      for (const model of Object.values(storeModels(connection, prefix))) {
        await model.collection.drop().catch(() => undefined);
      }
    }
  });
  return {
    connection: open,
    async fresh() {
      const prefix = `${runPrefix}${prefixes.length}_`;
      prefixes.push(prefix);
      return { store: await createMongoRecordStore(open(), { collectionPrefix: prefix }), prefix };
    },
  };
}
