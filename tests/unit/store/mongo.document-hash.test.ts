import { storeModels } from '../../../src/store/mongo/record.schema';
import { documentForm } from '../../../src/store/record-forms';
import { input } from '../../contract/record-store.fixtures';
import { useMongoStores } from '../../support/mongo-stores';
import { describeWithMongo } from '../../support/services';

describeWithMongo('MongoDB record store: document hashes', (mongoUrl) => {
  const stores = useMongoStores(mongoUrl, 'dochash');

  /** A record as stored before documents were hashed: the same document, no `documentHash`. */
  async function storedWithoutHash(): Promise<Awaited<ReturnType<typeof stores.fresh>>> {
    const fresh = await stores.fresh();
    await fresh.store.upsertMany([input('old', 'A')]);
    await records(fresh.prefix).updateOne({ _id: 'old' }, { $unset: { documentHash: 1 } });
    return fresh;
  }

  const records = (prefix: string) => storeModels(stores.connection(), prefix).records;
  const hashOf = async (prefix: string) =>
    (await records(prefix).findOne({ _id: 'old' }, { documentHash: 1 }).lean())?.documentHash;

  test('when a record stored without a hash comes again with the same document, then it is unchanged and nothing is written', async () => {
    const { store, prefix } = await storedWithoutHash();

    const outcomes = await store.upsertMany([input('old', 'A')]);

    expect(outcomes).toEqual([{ id: 'old', outcome: 'unchanged', version: 1 }]);
    expect(await hashOf(prefix)).toBeUndefined();
    expect((await store.get('old'))?.documentHash).toBe(documentForm(input('old', 'A').document).hash);
  });

  test('when a record stored without a hash comes again with another document, then it is updated and gains the hash', async () => {
    const { store, prefix } = await storedWithoutHash();
    const remapped = input('old', 'A', { local: ['Town archive'] });

    const outcomes = await store.upsertMany([remapped]);

    expect(outcomes).toEqual([{ id: 'old', outcome: 'updated', version: 2 }]);
    expect(await hashOf(prefix)).toBe(documentForm(remapped.document).hash);
  });
});
