import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { useMongoDatabases } from '../support/mongo-databases';
import { describeWithMongo } from '../support/services';
import { describeCirculationStoreContract } from './circulation-store.contract';

describeWithMongo('CirculationStore on MongoDB', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'circ');
  describeCirculationStoreContract(
    'MongoDB (FerretDB)',
    databases.harness('circulation', createMongoCirculationStore),
  );
});
