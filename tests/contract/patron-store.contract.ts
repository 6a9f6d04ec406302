import { describePatronFindContract } from './patron-store-find.contract';
import { describePatronLoansContract } from './patron-store-loans.contract';
import { describePatronRacesContract } from './patron-store-races.contract';
import { describePatronUpdatesContract } from './patron-store-updates.contract';
import { newPatron, T0, usePatronStore, type MakePatronStore } from './patron-store.fixtures';

export type { MakePatronStore, PatronStoreHarness } from './patron-store.fixtures';

/**
 * The behaviour every PatronStore adapter must have, tested through the port only: SQLite always,
 * MongoDB (FerretDB) where its server runs. `makePatrons` hands each test a store on empty tables.
 */
export function describePatronStoreContract(name: string, makePatrons: MakePatronStore): void {
  describe(`PatronStore contract: ${name}`, () => {
    describePatronCreateContract(makePatrons);
    describePatronFindContract(makePatrons);
    describePatronUpdatesContract(makePatrons);
    describePatronLoansContract(makePatrons);
    describePatronRacesContract(makePatrons);
  });
}

function describePatronCreateContract(makePatrons: MakePatronStore): void {
  describe('create, get, getById, getManyById, count', () => {
    const store = usePatronStore(makePatrons);

    test('when a patron is created, then it reads back at version 1 with no loans, its barcode trimmed', async () => {
      const created = await store().create(newPatron('  P100 ', 'Doe, Jane', { email: 'j@x.example' }), T0);
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        barcode: 'P100',
        name: 'Doe, Jane',
        email: 'j@x.example',
        patronType: 'adult',
        expiry: '2027-12-31',
        keepHistory: false,
        openLoans: [],
        loanCount: 0,
        version: 1,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await store().getById(created.id)).toEqual(created);
      expect(await store().count()).toBe(1);
    });

    test('when optional fields are not given, then they are absent: no null, no undefined-valued key', async () => {
      const created = await store().create(newPatron('P1', 'Doe, Jane'), T0);
      const read = (await store().getById(created.id))!;
      for (const key of ['email', 'phone', 'address', 'homeLibrary', 'notes', 'block', 'anonymisedAt'])
        expect(Object.keys(read)).not.toContain(key);
    });

    test('when a barcode is asked in another case or with spaces, then the patron is found, its barcode as given', async () => {
      await store().create(newPatron('ab12', 'Doe, Jane'), T0);
      expect((await store().get('AB12'))?.barcode).toBe('ab12');
      expect((await store().get(' Ab12  '))?.barcode).toBe('ab12');
      expect(await store().get('ab13')).toBeUndefined();
      expect(await store().getById('no-such-id')).toBeUndefined();
    });

    test('when a barcode is taken in another case, then create is refused naming the holder by id', async () => {
      const holder = await store().create(newPatron('card-1', 'Doe, Jane'), T0);
      await expect(store().create(newPatron(' CARD-1', 'Roe, Richard'), T0)).rejects.toMatchObject({
        code: 'patron_barcode_taken',
        details: { taken: 'barcode', id: holder.id },
      });
      expect(await store().count()).toBe(1);
    });

    test('when a migration gives an id, then it is kept; the same id again is refused', async () => {
      const kept = await store().create(newPatron('c1', 'Doe, Jane', { id: 'legacy-0001' }), T0);
      expect(kept.id).toBe('legacy-0001');
      await expect(
        store().create(newPatron('c2', 'Roe, Richard', { id: 'legacy-0001' }), T0),
      ).rejects.toMatchObject({
        code: 'patron_barcode_taken',
        details: { taken: 'id', id: 'legacy-0001' },
      });
      expect(await store().get('c2')).toBeUndefined();
      expect((await store().getById('legacy-0001'))?.name).toBe('Doe, Jane');
    });

    test('when many ids are asked, then the known ones come once each, in the order asked', async () => {
      const a = await store().create(newPatron('a', 'A', { id: 'id-a' }), T0);
      const b = await store().create(newPatron('b', 'B', { id: 'id-b' }), T0);
      const found = await store().getManyById(['id-b', 'unknown', 'id-a', 'id-b']);
      expect(found).toEqual([b, a]);
      expect(await store().getManyById([])).toEqual([]);
    });
  });
}
