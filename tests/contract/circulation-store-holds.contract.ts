import type { Hold } from '../../src/domain/circulation/hold';
import { AppError } from '../../src/errors/app-error';
import {
  appErrorOf,
  ids,
  newHold,
  T0,
  T1,
  T2,
  T3,
  T4,
  useCirculationStore,
  type MakeCirculationStore,
} from './circulation-store.fixtures';

export function describeHoldsContract(make: MakeCirculationStore): void {
  describe('holds', () => {
    const store = useCirculationStore(make);

    test('when a hold is created, then it reads back at version 1, absent fields absent', async () => {
      const created = await store().createHold(
        {
          ...newHold('h1', { itemBarcode: 'B1', notNeededAfter: '2026-06-01', by: 'key-1' }),
          reason: undefined,
        },
        T1,
      );
      const expected: Hold = {
        ...newHold('h1', { itemBarcode: 'B1', notNeededAfter: '2026-06-01', by: 'key-1' }),
        version: 1,
        updatedAt: T1,
      };
      expect(created).toEqual(expected);
      const read = await store().hold('h1');
      expect(read).toEqual(expected);
      expect(Object.keys(read!).sort()).toEqual(Object.keys(expected).sort());
      expect(await store().hold('h2')).toBeUndefined();
    });

    test('when a hold is created with an id already there, then hold_exists names it and the first stands', async () => {
      const first = await store().createHold(newHold('h1'), T0);
      const error = await appErrorOf(store().createHold(newHold('h1', { patronId: 'p2' }), T1));
      expect(error.code).toBe('hold_exists');
      expect(error.details).toEqual({ id: 'h1' });
      expect(await store().hold('h1')).toEqual(first);
    });

    test('when a patron already has an active hold on the record, then another is hold_already_placed naming it', async () => {
      const first = await store().createHold(newHold('h1'), T0);
      for (const second of [
        newHold('h2'),
        newHold('h3', { itemBarcode: 'B7', status: 'on-hold-shelf', trappedItem: 'B7' }),
      ]) {
        const error = await appErrorOf(store().createHold(second, T1));
        expect(error.code).toBe('hold_already_placed');
        expect(error.details).toEqual({ id: 'h1', recordId: 'r1' });
        expect(await store().hold(second.id)).toBeUndefined();
      }
      // Another patron, another record, or an ended hold beside it: no clash.
      await store().createHold(newHold('h4', { patronId: 'p2' }), T1);
      await store().createHold(newHold('h5', { recordId: 'r2' }), T1);
      await store().createHold(newHold('h6', { status: 'cancelled', endedAt: T1 }), T1);
      expect(ids(await store().holdsOfPatron('p1'))).toEqual(['h1', 'h5']);
      expect(await store().hold('h1')).toEqual(first);
    });

    test('when the active hold ends, then the patron may place another, and bringing the old one back clashes', async () => {
      const first = await store().createHold(newHold('h1'), T0);
      await store().updateHold('h1', { status: 'on-hold-shelf', trappedItem: 'B1' }, first.version, T1);
      expect((await appErrorOf(store().createHold(newHold('h2'), T1))).code).toBe('hold_already_placed');
      await store().updateHold('h1', { status: 'expired', endedAt: T2 }, first.version + 1, T2);
      await store().createHold(newHold('h2', { placedAt: T2 }), T2);
      const error = await appErrorOf(store().updateHold('h1', { status: 'waiting' }, first.version + 2, T3));
      expect(error.code).toBe('hold_already_placed');
      expect(error.details).toEqual({ id: 'h2', recordId: 'r1' });
      expect((await store().hold('h1'))!.status).toBe('expired');
    });

    test('when 20 holds of one patron on one record are created at once, then exactly one is placed', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => store().createHold(newHold(`h${n}`), T0)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
      expect(codes).toEqual(Array(19).fill('hold_already_placed'));
      expect(await store().holdsOfPatron('p1')).toHaveLength(1);
    });

    test('when a patron is unlinked, then their holds no longer count as theirs', async () => {
      await store().createHold(newHold('h1'), T0);
      await store().unlinkPatron('p1');
      await store().createHold(newHold('h2'), T1);
      expect(ids(await store().holdQueue('r1'))).toEqual(['h1', 'h2']);
    });

    test("when a record's queue is read, then its active holds come in placed order, item-level ones included", async () => {
      await store().createHold(newHold('h-b', { patronId: 'p-h-b', placedAt: T1 }), T1);
      await store().createHold(newHold('h-a', { placedAt: T1, patronId: 'p2' }), T1);
      await store().createHold(newHold('h-c', { patronId: 'p-h-c', placedAt: T0, itemBarcode: 'B7' }), T0);
      await store().createHold(
        newHold('h-d', { patronId: 'p-h-d', placedAt: T2, status: 'cancelled', endedAt: T3 }),
        T2,
      );
      await store().createHold(
        newHold('h-e', { patronId: 'p-h-e', placedAt: T0, status: 'fulfilled', endedAt: T3 }),
        T0,
      );
      await store().createHold(
        newHold('h-f', { patronId: 'p-h-f', placedAt: T3, status: 'on-hold-shelf', trappedItem: 'B1' }),
        T3,
      );
      await store().createHold(
        newHold('h-g', { patronId: 'p-h-g', placedAt: T2, status: 'in-transit', trappedItem: 'B2' }),
        T2,
      );
      await store().createHold(newHold('h-h', { patronId: 'p-h-h', placedAt: T4, status: 'expired' }), T4);
      await store().createHold(newHold('h-x', { patronId: 'p-h-x', placedAt: T0, recordId: 'r2' }), T0);
      expect(ids(await store().holdQueue('r1'))).toEqual(['h-c', 'h-a', 'h-b', 'h-g', 'h-f']);
      expect(ids(await store().holdQueue('r2'))).toEqual(['h-x']);
      expect(await store().holdQueue('r3')).toEqual([]);
    });

    test("when a patron's holds are read, then active ones come first, ended ones only when asked", async () => {
      await store().createHold(newHold('h1', { placedAt: T2 }), T2);
      await store().createHold(newHold('h2', { placedAt: T0, status: 'fulfilled', endedAt: T1 }), T0);
      await store().createHold(newHold('h3', { placedAt: T1, status: 'on-hold-shelf', recordId: 'r2' }), T1);
      await store().createHold(newHold('h4', { placedAt: T3, status: 'cancelled', endedAt: T4 }), T3);
      await store().createHold(newHold('h5', { placedAt: T0, patronId: 'p2' }), T0);
      expect(ids(await store().holdsOfPatron('p1'))).toEqual(['h3', 'h1']);
      expect(ids(await store().holdsOfPatron('p1', { includeEnded: false }))).toEqual(['h3', 'h1']);
      expect(ids(await store().holdsOfPatron('p1', { includeEnded: true }))).toEqual([
        'h3',
        'h1',
        'h2',
        'h4',
      ]);
      expect(await store().holdsOfPatron('p3', { includeEnded: true })).toEqual([]);
    });

    test('when a hold is updated at its version, then the fields change, null removes, the version moves on', async () => {
      await store().createHold(newHold('h1', { notNeededAfter: '2026-06-01', reason: 'x' }), T0);
      const trapped = await store().updateHold(
        'h1',
        { status: 'on-hold-shelf', trappedItem: 'B1', shelfExpiresAt: '2026-03-10', notNeededAfter: null },
        1,
        T1,
      );
      const expected: Hold = {
        ...newHold('h1', {
          status: 'on-hold-shelf',
          trappedItem: 'B1',
          shelfExpiresAt: '2026-03-10',
          reason: 'x',
        }),
        version: 2,
        updatedAt: T1,
      };
      expect(trapped).toEqual(expected);
      expect(await store().hold('h1')).toEqual(expected);
      const ended = await store().updateHold(
        'h1',
        {
          status: 'fulfilled',
          endedAt: T2,
          trappedItem: null,
          shelfExpiresAt: null,
          reason: null,
          pickupLibrary: 'EAST',
        },
        2,
        T2,
      );
      const read = await store().hold('h1');
      expect(read).toEqual(ended);
      expect(read).toEqual({
        ...newHold('h1', { status: 'fulfilled', endedAt: T2, pickupLibrary: 'EAST' }),
        version: 3,
        updatedAt: T2,
      });
      expect(read).not.toHaveProperty('trappedItem');
      expect(read).not.toHaveProperty('reason');
      expect(await store().holdQueue('r1')).toEqual([]);
    });

    test('when a hold is updated from another version, then version_conflict carries the current hold', async () => {
      await store().createHold(newHold('h1'), T0);
      const current = await store().updateHold('h1', { status: 'in-transit' }, 1, T1);
      const error = await appErrorOf(store().updateHold('h1', { status: 'cancelled' }, 1, T2));
      expect(error.code).toBe('version_conflict');
      expect(error.details).toMatchObject({ id: 'h1', version: 2, current });
      expect(await store().hold('h1')).toEqual(current);
      expect(await store().updateHold('h9', { status: 'cancelled' }, 1, T2)).toBeUndefined();
    });

    test('when 20 updates race from one version, then exactly one wins and 19 get version_conflict', async () => {
      await store().createHold(newHold('h1'), T0);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          store().updateHold('h1', { status: 'cancelled', reason: `try ${n}` }, 1, T1),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      expect(lost.every((e) => e instanceof AppError && e.code === 'version_conflict')).toBe(true);
      const final = await store().hold('h1');
      expect(final?.version).toBe(2);
      expect(final).toEqual((won[0] as PromiseFulfilledResult<Hold>).value);
    });

    test('when holds are due to expire, then both rules find theirs, in placed order, at most the limit', async () => {
      const today = '2026-03-10';
      const shelf = (id: string, placedAt: string, shelfExpiresAt: string) =>
        newHold(id, {
          patronId: `p-${id}`,
          placedAt,
          status: 'on-hold-shelf',
          trappedItem: `I-${id}`,
          shelfExpiresAt,
        });
      await store().createHold(shelf('s-past', T2, '2026-03-09'), T2);
      await store().createHold(shelf('s-today', T0, today), T0);
      await store().createHold(shelf('s-late', T1, '2026-03-12'), T1);
      await store().createHold(
        newHold('w-past', { patronId: 'p-w-past', placedAt: T3, notNeededAfter: '2026-03-01' }),
        T3,
      );
      await store().createHold(
        newHold('w-today', { patronId: 'p-w-today', placedAt: T0, notNeededAfter: today }),
        T0,
      );
      await store().createHold(newHold('w-none', { patronId: 'p-w-none', placedAt: T0 }), T0);
      // Each rule belongs to its status: an old date on a hold in another state does not expire it.
      await store().createHold(
        newHold('t-past', {
          patronId: 'p-t-past',
          placedAt: T0,
          status: 'in-transit',
          shelfExpiresAt: '2026-03-01',
          notNeededAfter: '2026-03-01',
        }),
        T0,
      );
      await store().createHold(
        newHold('s-needed', {
          patronId: 'p-s-needed',
          placedAt: T0,
          status: 'on-hold-shelf',
          shelfExpiresAt: '2026-03-20',
          notNeededAfter: '2026-03-01',
        }),
        T0,
      );
      await store().createHold(
        newHold('c-past', {
          patronId: 'p-c-past',
          placedAt: T0,
          status: 'cancelled',
          shelfExpiresAt: '2026-03-01',
          endedAt: T1,
        }),
        T0,
      );
      expect(ids(await store().expiringHolds(today, 10))).toEqual(['s-past', 'w-past']);
      expect(ids(await store().expiringHolds(today, 1))).toEqual(['s-past']);
      expect(ids(await store().expiringHolds('2026-03-13', 10))).toEqual([
        's-today',
        'w-today',
        's-late',
        's-past',
        'w-past',
      ]);
    });

    test('when an update moves a hold onto the shelf, then expiry sees its new date', async () => {
      await store().createHold(newHold('h1'), T0);
      await store().updateHold(
        'h1',
        { status: 'on-hold-shelf', trappedItem: 'B1', shelfExpiresAt: '2026-03-05' },
        1,
        T1,
      );
      expect(ids(await store().expiringHolds('2026-03-06', 10))).toEqual(['h1']);
      await store().updateHold('h1', { shelfExpiresAt: null }, 2, T2);
      expect(await store().expiringHolds('2026-03-06', 10)).toEqual([]);
    });
  });
}
