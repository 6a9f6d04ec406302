import { createMongoPatronStore } from '../../src/patrons/mongo/mongo.patron-store';
import { useMongoDatabases } from '../support/mongo-databases';
import { describeWithMongo } from '../support/services';
import { describePatronStoreContract } from './patron-store.contract';

describeWithMongo('PatronStore on MongoDB', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'patrons');
  describePatronStoreContract('MongoDB (FerretDB)', databases.harness('patrons', createMongoPatronStore));
});
