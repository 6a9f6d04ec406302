import type { Connection } from 'mongoose';
import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { AppError } from '../../src/errors/app-error';
import { describeWithMongo } from '../support/services';
import { describeCirculationStoreContract, type CirculationStoreHarness } from './circulation-store.contract';

describeWithMongo('CirculationStore on MongoDB', (mongoUrl) => {
  // A database of its own per test, named for this run, so runs (parallel or aborted) never meet;
  // each is dropped when its test ends.
  const runName = `stacks_circ_${process.pid}_${Date.now()}`;
  let connection: Connection | undefined;
  let made = 0;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });

  afterAll(async () => {
    if (connection) await disconnectMongo(connection);
  });

  const make = async (): Promise<CirculationStoreHarness> => {
    if (!connection) throw new Error('the connection opens in beforeAll');
    const db = connection.useDb(`${runName}_${made++}`, { useCache: false });
    const circulation = await createMongoCirculationStore(db);
    return {
      circulation,
      async close() {
        await circulation.close();
        await db.dropDatabase();
      },
    };
  };

  describeCirculationStoreContract('MongoDB (FerretDB)', make);

  test("when two processes place one patron's hold on one record at once, then the server lets exactly one in", async () => {
    // Each store queues its own writes; two connections are what two processes would be.
    const other = await connectMongo(mongoUrl);
    const name = `${runName}_two`;
    try {
      const stores = await Promise.all(
        [connection!, other].map((c) => createMongoCirculationStore(c.useDb(name, { useCache: false }))),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          stores[n % 2]!.createHold(
            {
              id: `h${n}`,
              recordId: 'r1',
              patronId: 'p1',
              pickupLibrary: 'MAIN',
              status: 'waiting',
              placedAt: 'x',
            },
            'x',
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
      expect(codes).toEqual(Array(19).fill('hold_already_placed'));
    } finally {
      await connection!.useDb(name, { useCache: false }).dropDatabase();
      await disconnectMongo(other);
    }
  });

  test('when holds were stored before activeKey, then opening keys them and the first active one is kept unique', async () => {
    const db = connection!.useDb(`${runName}_legacy`, { useCache: false });
    try {
      const hold = (id: string, placedAt: string, status: string) => ({
        _id: id,
        recordId: 'r1',
        patronId: 'p1',
        pickupLibrary: 'MAIN',
        status,
        placedAt,
        version: 1,
        updatedAt: placedAt,
      });
      // Two active holds of one patron on one record: what the old read check let two requests do.
      await db
        .collection('holds')
        .insertMany([
          hold('h2', '2026-01-02T00:00:00.000Z', 'waiting'),
          hold('h1', '2026-01-01T00:00:00.000Z', 'waiting'),
          hold('h0', '2025-12-01T00:00:00.000Z', 'fulfilled'),
        ] as never[]);
      const circulation = await createMongoCirculationStore(db);
      const keys = (await db.collection('holds').find().toArray()).map((d) => d.activeKey as unknown);
      expect(keys.every((k) => typeof k === 'string')).toBe(true);
      expect(new Set(keys).size).toBe(3);
      const error = await circulation
        .createHold(
          {
            id: 'h3',
            recordId: 'r1',
            patronId: 'p1',
            pickupLibrary: 'MAIN',
            status: 'waiting',
            placedAt: 'x',
          },
          'x',
        )
        .catch((e: unknown) => e as AppError);
      expect((error as AppError).code).toBe('hold_already_placed');
      expect((error as AppError).details).toEqual({ id: 'h1', recordId: 'r1' });
      expect((await circulation.hold('h2'))!.status).toBe('waiting');
    } finally {
      await db.dropDatabase();
    }
  });
});
