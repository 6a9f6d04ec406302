import mongoose, { type Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../../src/connections/mongo.connection';
import { barcodeKey, type Item } from '../../../src/domain/items/item';
import { AppError } from '../../../src/errors/app-error';
import { planLoad } from '../../../src/items/mongo/item-load.plan';
import { applyItemWrites } from '../../../src/items/mongo/item-write.runner';
import { ItemWrites } from '../../../src/items/mongo/item-writes';
import { itemModels, type ItemDoc } from '../../../src/items/mongo/item.schema';
import { createMongoItemStore } from '../../../src/items/mongo/mongo.item-store';
import { newItem, T0, T1 } from '../../contract/item-store.fixtures';
import { useMongoConnection, useMongoDatabases } from '../../support/mongo-databases';
import { describeWithMongo } from '../../support/services';

describe('createMongoItemStore without a server', () => {
  test('when nothing listens at the server, then it rejects with store_unavailable naming it without the password', async () => {
    // Port 9 (discard) on loopback: nothing listens there on a build machine.
    const connection = mongoose.createConnection('mongodb://reader:s3cret@127.0.0.1:9/stacks', {
      serverSelectionTimeoutMS: 300,
    });
    connection.on('error', () => undefined);

    const made = createMongoItemStore(connection);

    await expect(made).rejects.toBeInstanceOf(AppError);
    await expect(made).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('mongodb://127.0.0.1:9/stacks'),
    });
    await expect(made).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
    await connection.close();
  });
});

describeWithMongo('MongoDB item store internals', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'items_unit');
  /** A second process's connection, to the same databases by name. */
  const other = useMongoConnection(mongoUrl);
  const freshDb = (): Connection => databases.fresh();

  test('when the store is made, then its indexes exist, and making it again on the same database works', async () => {
    const db = freshDb();
    await createMongoItemStore(db);

    const again = await createMongoItemStore(db);
    const indexes = await db.db!.collection('items').listIndexes().toArray();
    const holdingIndexes = await db.db!.collection('holdings').listIndexes().toArray();

    expect(await again.count()).toBe(0);
    expect(indexes.map((i) => [i.name, i.key])).toEqual(
      expect.arrayContaining([
        ['record_order', { recordId: 1, library: 1, shelf: 1, shelfKey: 1, _id: 1 }],
        ['shelf_order', { library: 1, shelf: 1, shelfKey: 1, _id: 1 }],
        ['status_order', { status: 1, library: 1, shelf: 1, shelfKey: 1, _id: 1 }],
        ['item_type', { itemType: 1 }],
      ]),
    );
    expect(holdingIndexes.map((i) => i.name)).toEqual(expect.arrayContaining(['record', 'links_to']));
  });

  test('when the store is made, then the loan indexes exist', async () => {
    const db = freshDb();
    await createMongoItemStore(db);
    const indexes = await db.db!.collection('items').listIndexes().toArray();
    const loanIndexes = indexes.filter((i) => String(i.name).startsWith('loan_'));
    // Sparse on MongoDB (item.schema.ts); FerretDB 1.24 takes the option without reporting it back.
    expect(loanIndexes.map((i) => [i.name, i.key])).toEqual(
      expect.arrayContaining([
        ['loan_patron', { 'loan.patronId': 1, loanDue: 1 }],
        ['loan_due', { loanDue: 1 }],
        ['loan_library', { 'loan.library': 1, loanDue: 1 }],
      ]),
    );
  });

  test('when an item is lent and returned, then its document has the loan and a UTC due key, then neither', async () => {
    const db = freshDb();
    const store = await createMongoItemStore(db);
    await store.create(newItem('L1', 'r1'), T0);
    const loan = {
      id: 'loan-1',
      itemBarcode: 'L1',
      recordId: 'r1',
      patronId: 'p1',
      patronType: 'adult',
      library: 'MAIN',
      checkedOutAt: T0,
      dueAt: '2026-02-01T10:00:00+02:00',
      renewals: 0,
    };
    await store.circulate('L1', { to: 'checked-out', at: T1 }, { loan }, 1);
    const items = db.db!.collection('items');
    expect(await items.findOne({ _id: 'l1' as never })).toMatchObject({
      loan,
      loanDue: '2026-02-01T08:00:00.000Z',
      status: 'checked-out',
      version: 2,
    });
    await store.circulate('L1', { to: 'available', at: T1 }, { loan: null }, 2);
    const back = (await items.findOne({ _id: 'l1' as never }))!;
    expect(['loan' in back, 'loanDue' in back, 'trappedHold' in back, back.history.length]).toEqual([
      false,
      false,
      false,
      3,
    ]);
  });

  test('when an item is stored, then its document is keyed by barcode key with its location as plain fields', async () => {
    const db = freshDb();
    const store = await createMongoItemStore(db);
    await store.create(newItem(' AB12 ', 'r1', { shelfKey: 'QA 0076' }), T0, 'key-1');
    await store.create(newItem('NoCall', 'r1'), T0);

    const raw = await db.db!.collection('items').find({}).sort({ _id: 1 }).toArray();

    expect(raw[0]).toEqual({
      _id: 'ab12',
      barcode: 'AB12',
      recordId: 'r1',
      library: 'MAIN',
      shelf: 'STACKS',
      shelfKey: 'QA 0076',
      callNumber: { value: 'QA QA 0076', scheme: 'lc', shelfKey: 'QA 0076' },
      itemType: 'book',
      status: 'available',
      notForLoan: false,
      publicNotes: [],
      staffNotes: [],
      source: 'api',
      version: 1,
      createdAt: T0,
      updatedAt: T0,
      history: [{ to: 'available', at: T0, by: 'key-1' }],
    });
    // No call number: no field, and a shelf key of '' so the database index and cursor never meet null.
    expect(raw[1]).toMatchObject({ _id: 'nocall', shelfKey: '' });
    expect('callNumber' in raw[1]! || 'holdingId' in raw[1]!).toBe(false);
  });

  test('when another writer changes an item after the load read it, then the planned write is lost and theirs stays', async () => {
    const db = freshDb();
    const store = await createMongoItemStore(db);
    await store.create(newItem('a1', 'r1'), T0);
    const read = new Map<string, Item>([['a1', (await store.get('a1'))!]]);
    const plan = planLoad(
      [newItem('a1', 'r1', { itemType: 'mine' }), newItem('a2', 'r1')],
      read,
      T1,
      'ingest',
    );

    await store.changeStatus('a1', { to: 'in-repair', at: T1 }, 1);
    const lost = await applyItemWrites(itemModels(db), plan.writes);

    expect([...lost]).toEqual(['a1']);
    expect(await store.get('a1')).toMatchObject({ itemType: 'book', status: 'in-repair', version: 2 });
    expect(await store.get('a2')).toMatchObject({ version: 1 });
  });

  test('when an item is created by someone else after the read, then its insert and the ones after it are lost', async () => {
    const db = freshDb();
    const store = await createMongoItemStore(db);
    const plan = planLoad(
      [newItem('b0', 'r1'), newItem('b1', 'r1'), newItem('b2', 'r1')],
      new Map(),
      T0,
      'ingest',
    );

    await store.create(newItem('B1', 'theirs'), T0);
    const lost = await applyItemWrites(itemModels(db), plan.writes);

    expect([...lost].sort()).toEqual(['b1', 'b2']);
    expect((await store.get('b0'))?.recordId).toBe('r1');
    expect((await store.get('b1'))?.recordId).toBe('theirs');
    expect(await store.get('b2')).toBeUndefined();
  });

  test('when an item changed after withdrawOthers read it, then it is withdrawn from its new state', async () => {
    const db = freshDb();
    const store = await createMongoItemStore(db);
    await store.create(newItem('w1', 'r1'), T0);
    const read = await itemModels(db).items.findOne({ _id: 'w1' }).lean<ItemDoc>();
    await store.changeStatus('w1', { to: 'in-repair', at: T1 }, 1);

    const withdrawn = await new ItemWrites(itemModels(db), 'test').withdraw(read!, {
      to: 'withdrawn',
      at: T1,
      reason: 'not in load',
    });

    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 3 });
    expect(withdrawn?.history.at(-1)).toEqual({
      from: 'in-repair',
      to: 'withdrawn',
      at: T1,
      reason: 'not in load',
    });
    expect(await store.get('w1')).toEqual(withdrawn);
  });

  test('when two processes load the same new barcodes at once, then each is created once and found unchanged by the other', async () => {
    const db = freshDb();
    const mine = await createMongoItemStore(db);
    const theirs = await createMongoItemStore(databases.fresh({ on: other(), name: db.name }));
    const items = Array.from({ length: 30 }, (_, n) => newItem(`L${n}`, 'r1'));

    const [a, b] = await Promise.all([
      mine.load(items, T0, 'ingest'),
      theirs.load([...items].reverse(), T0, 'import'),
    ]);

    expect(await mine.count()).toBe(30);
    const outcomes = new Map<string, string[]>();
    for (const o of [...a, ...b])
      outcomes.set(barcodeKey(o.barcode), [...(outcomes.get(barcodeKey(o.barcode)) ?? []), o.outcome]);
    for (const seen of outcomes.values()) expect(seen.sort()).toEqual(['created', 'unchanged']);
  });

  test('when two processes create one barcode at once, then the unique _id lets exactly one in', async () => {
    const db = freshDb();
    const stores = [
      await createMongoItemStore(db),
      await createMongoItemStore(databases.fresh({ on: other(), name: db.name })),
    ];

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        stores[n % 2]!.create(newItem(n % 3 ? 'dup' : 'DUP', `r${n}`), T0),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await stores[0]!.count()).toBe(1);
  });

  test('when the connection is closed, then reads and writes reject with store_unavailable', async () => {
    const own = await connectMongo(mongoUrl);
    const db = databases.fresh({ on: own });
    const store = await createMongoItemStore(db);
    await disconnectMongo(own);

    await expect(store.get('a1')).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.load([newItem('a1', 'r1')], T0, 'ingest')).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });
});
