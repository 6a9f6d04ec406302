import { AppError } from '../../src/errors/app-error';
import type { ItemStore } from '../../src/items/port';
import { describeItemCirculationContract } from './item-store-circulation.contract';
import { describeItemHoldingsContract } from './item-store-holdings.contract';
import { describeItemLoadsContract } from './item-store-loads.contract';
import { describeItemReadsContract } from './item-store-reads.contract';
import {
  newItem,
  T0,
  T1,
  T2,
  MAIN_REF,
  type ItemStoreHarness,
  type MakeItemStore,
} from './item-store.fixtures';

export type { ItemStoreHarness, MakeItemStore } from './item-store.fixtures';

/**
 * The behaviour every ItemStore adapter must have, tested through the port only: SQLite always,
 * MongoDB (FerretDB) where its server runs. `makeItems` hands each test a store on empty tables.
 */
export function describeItemStoreContract(name: string, makeItems: MakeItemStore): void {
  describe(`ItemStore contract: ${name}`, () => {
    describeItemWritesContract(makeItems);
    describeItemReadsContract(makeItems);
    describeItemLoadsContract(makeItems);
    describeItemHoldingsContract(makeItems);
    describeItemCirculationContract(makeItems);
  });
}

/** A store per test (registers beforeEach/afterEach in the calling describe). */
export function useItemStore(makeItems: MakeItemStore): () => ItemStore {
  let harness: ItemStoreHarness | undefined;
  beforeEach(async () => {
    harness = await makeItems();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('useItemStore: the store opens in beforeEach');
    return harness.items;
  };
}

function describeItemWritesContract(makeItems: MakeItemStore): void {
  describe('create, get, update, changeStatus', () => {
    const store = useItemStore(makeItems);

    test('when an item is created, then it reads back at version 1 with its first status in the history', async () => {
      const created = await store().create(newItem('  AB12 ', 'r1', { shelfKey: 'QA 76' }), T0, 'key-1');
      expect(created).toEqual({
        ...newItem('AB12', 'r1', { shelfKey: 'QA 76' }),
        status: 'available',
        version: 1,
        createdAt: T0,
        updatedAt: T0,
        history: [{ to: 'available', at: T0, by: 'key-1' }],
      });
      expect(await store().get('AB12')).toEqual(created);
      expect(await store().count()).toBe(1);
    });

    test('when a barcode is asked in another case or with spaces, then the item is found, its barcode as given', async () => {
      await store().create(newItem('ab12', 'r1'), T0);
      expect((await store().get('AB12'))?.barcode).toBe('ab12');
      expect((await store().get(' Ab12  '))?.barcode).toBe('ab12');
      expect(await store().get('ab13')).toBeUndefined();
    });

    test('when an item is created with a status and reason, then the first history entry has them and nothing absent is set', async () => {
      const created = await store().create(
        { ...newItem('w1', 'r1'), status: 'withdrawn', statusReason: 'damaged' },
        T0,
      );
      expect(created.status).toBe('withdrawn');
      expect(created.history).toEqual([{ to: 'withdrawn', at: T0, reason: 'damaged' }]);
      const [first] = (await store().get('w1'))!.history;
      // Absent means absent (no null, no undefined-valued key): the shape is the same on every backend.
      expect(Object.keys(first!).sort()).toEqual(['at', 'reason', 'to']);
      const read = (await store().get('w1'))!;
      expect('callNumber' in read || 'holdingId' in read || 'statusReason' in read).toBe(false);
    });

    test('when a barcode is taken in any case, then create fails with item_barcode_taken naming its record', async () => {
      await store().create(newItem('AB12', 'r1'), T0);
      const again = store().create(newItem(' ab12', 'r2'), T1);
      await expect(again).rejects.toBeInstanceOf(AppError);
      await expect(store().create(newItem('aB12', 'r2'), T1)).rejects.toMatchObject({
        code: 'item_barcode_taken',
        details: { barcode: 'AB12', recordId: 'r1' },
      });
      expect(await store().count()).toBe(1);
    });

    test('when getMany is asked for known and unknown barcodes, then it returns the known ones in the order asked', async () => {
      await store().create(newItem('a1', 'r1'), T0);
      await store().create(newItem('a2', 'r1'), T0);
      const found = await store().getMany(['A2', 'zz', 'a1']);
      expect(found.map((i) => i.barcode)).toEqual(['a2', 'a1']);
      expect(await store().getMany([])).toEqual([]);
    });

    test('when an item is updated at its version, then its fields are replaced and its status and history kept', async () => {
      const created = await store().create(
        newItem('a1', 'r1', { shelfKey: 'QA 1', holdingId: 'r1#852-1', staffNotes: ['old'] }),
        T0,
      );
      const updated = await store().update(
        'A1',
        {
          location: MAIN_REF,
          itemType: 'reference-only',
          notForLoan: true,
          publicNotes: ['Ask at the desk'],
          staffNotes: [],
        },
        1,
        T1,
      );
      expect(updated).toEqual({
        ...created,
        location: MAIN_REF,
        itemType: 'reference-only',
        notForLoan: true,
        publicNotes: ['Ask at the desk'],
        staffNotes: [],
        callNumber: undefined,
        holdingId: undefined,
        version: 2,
        updatedAt: T1,
      });
      // Fields the update does not give are gone: an update replaces, it does not merge.
      const read = (await store().get('a1'))!;
      expect('callNumber' in read || 'holdingId' in read).toBe(false);
      expect(read).toEqual(updated);
    });

    test('when an update is stale, then version_conflict carries the current item and nothing changes', async () => {
      const created = await store().create(newItem('a1', 'r1'), T0);
      const fields = { ...newItem('a1', 'r1'), itemType: 'dvd' };
      await store().update('a1', fields, 1, T1);
      const stale = store().update('a1', { ...fields, itemType: 'map' }, 1, T2);
      await expect(stale).rejects.toMatchObject({
        code: 'version_conflict',
        details: {
          barcode: 'a1',
          version: 2,
          item: { ...created, itemType: 'dvd', version: 2, updatedAt: T1 },
        },
      });
      expect((await store().get('a1'))?.itemType).toBe('dvd');
    });

    test('when an unknown barcode is updated or moved, then the answer is undefined', async () => {
      expect(await store().update('nope', newItem('nope', 'r1'), 1, T0)).toBeUndefined();
      expect(await store().changeStatus('nope', { to: 'missing', at: T0 }, 1)).toBeUndefined();
    });

    test('when the status changes at its version, then the change is appended with the status it left', async () => {
      await store().create(newItem('a1', 'r1'), T0, 'key-1');
      const moved = await store().changeStatus(
        'A1',
        { to: 'in-repair', at: T1, by: 'key-2', reason: 'spine torn' },
        1,
      );
      expect(moved).toMatchObject({ status: 'in-repair', version: 2, updatedAt: T1, createdAt: T0 });
      expect(moved?.history).toEqual([
        { to: 'available', at: T0, by: 'key-1' },
        { from: 'available', to: 'in-repair', at: T1, by: 'key-2', reason: 'spine torn' },
      ]);
      const back = await store().changeStatus('a1', { from: 'in-repair', to: 'available', at: T2 }, 2);
      expect(back?.history[2]).toEqual({ from: 'in-repair', to: 'available', at: T2 });
      expect(await store().get('a1')).toEqual(back);
    });

    test('when a status change is stale, then version_conflict carries the current item', async () => {
      await store().create(newItem('a1', 'r1'), T0);
      await store().changeStatus('a1', { to: 'missing', at: T1 }, 1);
      await expect(store().changeStatus('a1', { to: 'lost', at: T2 }, 1)).rejects.toMatchObject({
        code: 'version_conflict',
        details: { barcode: 'a1', version: 2, item: { status: 'missing', version: 2 } },
      });
      expect((await store().get('a1'))?.history).toHaveLength(2);
    });

    test('when 20 status changes race from one version, then exactly one succeeds and 19 get version_conflict', async () => {
      await store().create(newItem('race', 'r1'), T0);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          store().changeStatus(n % 2 ? 'RACE' : 'race', { to: 'in-transit', at: T1, reason: `try ${n}` }, 1),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const r of lost)
        expect(r.reason).toMatchObject({ code: 'version_conflict', details: { version: 2 } });
      const final = await store().get('race');
      expect(final?.version).toBe(2);
      expect(final?.history).toHaveLength(2);
    });

    test('when 20 creates of one barcode in different cases race, then exactly one item is made', async () => {
      const spellings = Array.from({ length: 20 }, (_, n) =>
        n.toString(2).padStart(5, '0').replace(/0/g, 'c').replace(/1/g, 'C'),
      );
      const results = await Promise.allSettled(
        spellings.map((b, n) => store().create(newItem(b, `r${n}`), T0)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(19);
      for (const r of refused) expect(r.reason).toMatchObject({ code: 'item_barcode_taken' });
      expect(await store().count()).toBe(1);
      expect((await store().getMany(spellings)).length).toBe(1);
    });
  });
}
