import type { Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createMongoRecordStore } from '../../src/store/mongo/mongo.record-store';
import type { RecordStore } from '../../src/store/port';
import { describeWithMongo } from '../support/services';
import { describeIndexOutboxContract } from './record-store-outbox.contract';
import { describeRecordStoreContract } from './record-store.contract';

describeWithMongo('RecordStore on MongoDB', (mongoUrl) => {
  // One collection prefix per store made, so tests (and parallel or aborted runs) never share data.
  const runPrefix = `contract_${process.pid}_${Date.now()}_`;
  const prefixes: string[] = [];
  let connection: Connection;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      for (const name of ['records', 'counters', 'index_acks']) {
        await connection.dropCollection(`${prefix}${name}`).catch(() => undefined);
      }
    }
    await disconnectMongo(connection);
  });

  const makeStore = async (): Promise<RecordStore> => {
    const prefix = `${runPrefix}${prefixes.length}_`;
    prefixes.push(prefix);
    return createMongoRecordStore(connection, { collectionPrefix: prefix });
  };
  describeRecordStoreContract('MongoDB (FerretDB)', makeStore);
  describeIndexOutboxContract('MongoDB (FerretDB)', makeStore);
});
