import type { Connection } from 'mongoose';
import { createMongoPatronStore } from '../../../src/patrons/mongo/mongo.patron-store';
import { newPatron, PERSONAL, T0, T1 } from '../../contract/patron-store.fixtures';
import { useMongoDatabases } from '../../support/mongo-databases';
import { describeWithMongo } from '../../support/services';

describeWithMongo('MongoDB patron store', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'patrons_unit');
  let db: Connection;

  beforeEach(() => {
    db = databases.fresh();
  });

  test('when the store opens, then the barcode key is unique among patrons that have one, and names and emails are indexed', async () => {
    await createMongoPatronStore(db);
    const indexes = await db.collection('patrons').indexes();
    expect(indexes.map((i) => [i.name, i.key, i.unique ?? false])).toEqual(
      expect.arrayContaining([
        ['barcode_key', { barcodeKey: 1 }, true],
        ['name_order', { nameKey: 1, _id: 1 }, false],
        ['email_key', { emailKey: 1 }, false],
      ]),
    );
  });

  test('when a patron is stored and then anonymised, then its document keeps its keys beside it, then none of them', async () => {
    const store = await createMongoPatronStore(db);
    const p = await store.create(PERSONAL, T0);
    const patrons = db.collection<{ _id: string }>('patrons');
    expect(await patrons.findOne({ _id: p.id })).toMatchObject({
      barcodeKey: 'card-7731',
      nameKey: 'quixote, alonso',
      emailKey: 'alonso.quixano@la-mancha.example',
    });
    await store.anonymise(p.id, T1);
    const doc = (await patrons.findOne({ _id: p.id }))!;
    // Left out, never null: the sparse unique index skips it, so the old barcode is free again.
    expect(Object.keys(doc).sort()).toEqual(
      [
        '_id',
        'barcode',
        'name',
        'nameKey',
        'patronType',
        'homeLibrary',
        'expiry',
        'keepHistory',
        'openLoans',
        'loanCount',
        'anonymisedAt',
        'version',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    await store.create(newPatron(PERSONAL.barcode, 'Roe, Richard'), T1);
  });
});
