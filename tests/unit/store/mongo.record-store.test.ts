import mongoose, { type Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../../src/connections/mongo.connection';
import { AppError } from '../../../src/errors/app-error';
import { createMongoRecordStore } from '../../../src/store/mongo/mongo.record-store';
import { HEAD_FIELDS, planUpserts, type Head } from '../../../src/store/mongo/record-write.plan';
import { applyWrites } from '../../../src/store/mongo/record-write.runner';
import { storeModels } from '../../../src/store/mongo/record.schema';
import { input } from '../../contract/record-store.fixtures';
import { describeWithMongo } from '../../support/services';

describe('createMongoRecordStore without a server', () => {
  test('when nothing listens at the server, then it rejects with store_unavailable naming it without the password', async () => {
    // Port 9 (discard) on loopback: nothing listens there on a build machine.
    const connection = mongoose.createConnection('mongodb://reader:s3cret@127.0.0.1:9/stacks', {
      serverSelectionTimeoutMS: 300,
    });
    connection.on('error', () => undefined);

    const made = createMongoRecordStore(connection);

    await expect(made).rejects.toBeInstanceOf(AppError);
    await expect(made).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('mongodb://127.0.0.1:9/stacks'),
    });
    await expect(made).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
    await connection.close();
  });

  test('when the collection prefix holds characters a collection name may not, then it is refused', async () => {
    const connection = mongoose.createConnection();

    await expect(createMongoRecordStore(connection, { collectionPrefix: 'a$b.' })).rejects.toThrow(
      'collection prefix may hold only letters, digits, "_" and "-"; got "a$b."',
    );
  });
});

describeWithMongo('MongoDB record store internals', (mongoUrl) => {
  const runPrefix = `store_${process.pid}_${Date.now()}_`;
  const prefixes: string[] = [];
  let connection: Connection;
  const freshPrefix = (): string => {
    prefixes.push(`${runPrefix}${prefixes.length}_`);
    return prefixes[prefixes.length - 1] as string;
  };

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      for (const name of ['records', 'counters']) {
        await connection.dropCollection(`${prefix}${name}`).catch(() => undefined);
      }
    }
    await disconnectMongo(connection);
  });

  test('when the store is made, then its indexes exist, and making it again on the same collections works', async () => {
    const prefix = freshPrefix();
    await createMongoRecordStore(connection, { collectionPrefix: prefix });

    const again = await createMongoRecordStore(connection, { collectionPrefix: prefix });
    const indexes = await connection.db!.collection(`${prefix}records`).listIndexes().toArray();

    expect(await again.count()).toBe(0);
    expect(indexes.map((i) => [i.name, i.key, i.unique ?? false])).toEqual(
      expect.arrayContaining([
        ['identifiers', { identifiers: 1 }, false],
        ['seq', { seq: 1 }, true],
        ['changed_at', { changedAt: 1 }, false],
        ['state', { state: 1 }, false],
      ]),
    );
  });

  test('when a record is deleted, then its document keeps the version but no MARC, document or identifiers', async () => {
    const prefix = freshPrefix();
    const store = await createMongoRecordStore(connection, { collectionPrefix: prefix });
    await store.upsertMany([input('r1', 'A', { oclcNumbers: ['42'] })]);

    await store.deleteMany(['r1']);
    const raw = await connection.db!.collection(`${prefix}records`).findOne({ _id: 'r1' as never });

    expect(raw).toEqual({
      _id: 'r1',
      state: 'deleted',
      version: 2,
      seq: 2,
      changedAt: expect.any(Date),
      deletedAt: expect.any(Date),
      controlNumber: 'r1',
    });
  });

  test('when another writer changes a record after it was read, then the planned write is lost and theirs stays', async () => {
    const prefix = freshPrefix();
    const store = await createMongoRecordStore(connection, { collectionPrefix: prefix });
    const models = storeModels(connection, prefix);
    await store.upsertMany([input('r1', 'A')]);
    const read = await models.records.find({ _id: 'r1' }, HEAD_FIELDS).lean<Head[]>();
    const plan = planUpserts(
      [input('r1', 'Mine'), input('r2', 'New')],
      new Map(read.map((h) => [h._id, h])),
      new Date(),
    );

    await store.upsertMany([input('r1', 'Theirs')]);
    const lost = await applyWrites(models, plan.writes);

    expect([...lost]).toEqual(['r1']);
    expect(await store.get('r1')).toMatchObject({ version: 2, document: { title: 'Theirs' } });
    expect(await store.get('r2')).toMatchObject({ version: 1 });
  });

  test('when a record is created by someone else after the read, then its insert and the ones after it are planned again', async () => {
    const prefix = freshPrefix();
    const store = await createMongoRecordStore(connection, { collectionPrefix: prefix });
    const models = storeModels(connection, prefix);
    const plan = planUpserts(
      [input('r0', 'Mine'), input('r1', 'Mine'), input('r2', 'Mine')],
      new Map(),
      new Date(),
    );

    await store.upsertMany([input('r1', 'Theirs')]);
    const lost = await applyWrites(models, plan.writes);

    expect([...lost].sort()).toEqual(['r1', 'r2']);
    expect((await store.get('r0'))?.document.title).toBe('Mine');
    expect((await store.get('r1'))?.document.title).toBe('Theirs');
    expect(await store.get('r2')).toBeUndefined();
  });

  test('when a batch is written, then the change feed stamps follow the inputs across creates and updates', async () => {
    const store = await createMongoRecordStore(connection, { collectionPrefix: freshPrefix() });
    await store.upsertMany([input('r1', 'A')]);

    await store.upsertMany([input('r2', 'B'), input('r1', 'A2'), input('r3', 'C')]);
    const page = await store.changes({ limit: 10 });

    expect(page.changes.map((c) => (c.kind === 'record' ? c.record.id : c.tombstone.id))).toEqual([
      'r2',
      'r1',
      'r3',
    ]);
  });

  test('when the connection is closed, then reads and writes reject with store_unavailable', async () => {
    const own = await connectMongo(mongoUrl);
    const store = await createMongoRecordStore(own, { collectionPrefix: freshPrefix() });
    await disconnectMongo(own);

    await expect(store.get('r1')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.upsertMany([input('r1', 'A')])).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
