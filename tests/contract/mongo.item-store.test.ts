import { createMongoItemStore } from '../../src/items/mongo/mongo.item-store';
import { useMongoDatabases } from '../support/mongo-databases';
import { describeWithMongo } from '../support/services';
import { describeItemStoreContract } from './item-store.contract';

describeWithMongo('ItemStore on MongoDB', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'items');
  describeItemStoreContract('MongoDB (FerretDB)', databases.harness('items', createMongoItemStore));
});
