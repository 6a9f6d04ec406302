import { createMongoCirculationStore } from '../../src/circulation/mongo/mongo.circulation-store';
import type { AppError } from '../../src/errors/app-error';
import { useMongoConnection, useMongoDatabases } from '../support/mongo-databases';
import { describeWithMongo } from '../support/services';
import { describeCirculationStoreContract } from './circulation-store.contract';

describeWithMongo('CirculationStore on MongoDB', (mongoUrl) => {
  const databases = useMongoDatabases(mongoUrl, 'circ');
  /** A second process's connection, to the same databases by name. */
  const other = useMongoConnection(mongoUrl);
  describeCirculationStoreContract(
    'MongoDB (FerretDB)',
    databases.harness('circulation', createMongoCirculationStore),
  );

  test("when two processes place one patron's hold on one record at once, then the server lets exactly one in", async () => {
    // Each store queues its own writes; two connections are what two processes would be.
    const mine = databases.fresh();
    const theirs = databases.fresh({ on: other(), name: mine.name });
    const stores = await Promise.all([mine, theirs].map((db) => createMongoCirculationStore(db)));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => stores[n % 2]!.createHold(waitingHold(`h${n}`), 'x')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
    expect(codes).toEqual(Array(19).fill('hold_already_placed'));
  });

  test('when holds were stored before activeKey, then opening keys them and the first active one is kept unique', async () => {
    const db = databases.fresh();
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
    const error = await circulation.createHold(waitingHold('h3'), 'x').catch((e: unknown) => e as AppError);
    expect((error as AppError).code).toBe('hold_already_placed');
    expect((error as AppError).details).toEqual({ id: 'h1', recordId: 'r1' });
    expect((await circulation.hold('h2'))!.status).toBe('waiting');
  });
});

/** Patron p1's hold on record r1, waiting: the one active hold the unique key allows. */
function waitingHold(id: string) {
  return {
    id,
    recordId: 'r1',
    patronId: 'p1',
    pickupLibrary: 'MAIN',
    status: 'waiting' as const,
    placedAt: 'x',
  };
}
