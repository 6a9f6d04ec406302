import { storeModels } from '../../../src/store/mongo/record.schema';
import { input } from '../../contract/record-store.fixtures';
import { useMongoStores } from '../../support/mongo-stores';
import { describeWithMongo } from '../../support/services';

describeWithMongo('MongoDB record store outbox internals', (mongoUrl) => {
  const stores = useMongoStores(mongoUrl, 'outbox');
  const freshStore = stores.fresh;

  test('when a record is confirmed, then the record document is not written again', async () => {
    const { store, prefix } = await freshStore();
    await store.upsertMany([input('r1', 'A')]);
    const before = await storeModels(stores.connection(), prefix).records.findOne({ _id: 'r1' }).lean();

    await store.markIndexed([{ id: 'r1', version: 1 }]);

    const after = await storeModels(stores.connection(), prefix).records.findOne({ _id: 'r1' }).lean();
    expect(after).toEqual(before);
    expect(await store.pendingIndexCount()).toBe(0);
  });

  test('when many separate confirmations pile up, then they are merged into few range documents', async () => {
    const { store, prefix } = await freshStore();
    const ids = Array.from({ length: 80 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    await store.upsertMany(ids.map((id) => input(id, id)));
    // Every other record first, so each confirmation is a range of its own, then the rest.
    for (const [i, id] of ids.entries()) if (i % 2 === 0) await store.markIndexed([{ id, version: 1 }]);
    for (const [i, id] of ids.entries()) if (i % 2 === 1) await store.markIndexed([{ id, version: 1 }]);

    expect(await store.pendingIndexCount()).toBe(0);
    expect(await storeModels(stores.connection(), prefix).indexAcks.countDocuments()).toBeLessThanOrEqual(33);
  });

  test('when an old hole in the seqs holds no record, then compaction closes it', async () => {
    const { store, prefix } = await freshStore();
    const { indexAcks: acks, counters } = storeModels(stores.connection(), prefix);
    // Seqs 1–5 went to a writer that never wrote them; 6 was confirmed two hours ago; then 40
    // recent single confirmations, and the next record written gets seq 201.
    await acks.create({ _id: '6-6', lo: 6, hi: 6, at: new Date(Date.now() - 2 * 3600_000) });
    const recent = Array.from({ length: 40 }, (_, n) => 100 + 2 * n);
    await acks.insertMany(recent.map((seq) => ({ _id: `${seq}-${seq}`, lo: seq, hi: seq, at: new Date() })));
    await counters.create({ _id: 'record_changes', seq: 200 });
    await store.upsertMany([input('r1', 'A')]);

    await store.markIndexed([{ id: 'r1', version: 1 }]);

    const lowest = await acks.findOne({}).sort({ lo: 1 }).lean();
    expect(lowest).toMatchObject({ lo: 1, hi: 6 });
    expect(await store.pendingIndexCount()).toBe(0);
  });
});
