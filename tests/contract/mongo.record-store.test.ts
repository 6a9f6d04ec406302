import type { RecordStore } from '../../src/store/port';
import { useMongoStores } from '../support/mongo-stores';
import { describeWithMongo } from '../support/services';
import { describeChangeFeedContract } from './record-store-feed.contract';
import { describeIndexOutboxContract } from './record-store-outbox.contract';
import { describeRecordStoreContract } from './record-store.contract';

describeWithMongo('RecordStore on MongoDB', (mongoUrl) => {
  const stores = useMongoStores(mongoUrl, 'contract');
  const makeStore = async (): Promise<RecordStore> => (await stores.fresh()).store;
  describeRecordStoreContract('MongoDB (FerretDB)', makeStore);
  describeIndexOutboxContract('MongoDB (FerretDB)', makeStore);
  describeChangeFeedContract('MongoDB (FerretDB)', makeStore);
});
