import {
  allPages,
  appErrorOf,
  closedLoan,
  ids,
  openLoan,
  T0,
  T1,
  T2,
  T3,
  useCirculationStore,
  type MakeCirculationStore,
} from './circulation-store.fixtures';

export function describeClosedLoansContract(make: MakeCirculationStore): void {
  describe('closed loans', () => {
    const store = useCirculationStore(make);

    test('when a closed loan is put, then it reads back as it was, absent fields absent', async () => {
      const full = closedLoan('l1', {
        location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
        overrides: [{ codes: ['patron_limit_reached'], reason: 'teacher', at: T0, by: 'key-1' }],
        renewals: 2,
        by: 'key-1',
      });
      const bare = closedLoan('l2');
      delete bare.patronId;
      await store().putClosedLoan(full);
      await store().putClosedLoan(bare);
      expect(await store().closedLoan('l1')).toEqual(full);
      const read = await store().closedLoan('l2');
      expect(read).toEqual(bare);
      expect(Object.keys(read!).sort()).toEqual(Object.keys(bare).sort());
      expect(await store().closedLoan('l3')).toBeUndefined();
    });

    test('when the same loan is put again, then it replaces the first, in the lists too', async () => {
      await store().putClosedLoan(closedLoan('l1', { returnedAt: T1 }));
      const unlinked = closedLoan('l1', { returnedAt: T2, itemBarcode: 'B2' });
      delete unlinked.patronId;
      await store().putClosedLoan(unlinked);
      expect(await store().closedLoan('l1')).toEqual(unlinked);
      expect((await store().closedLoansOfPatron('p1', { limit: 10 })).entries).toEqual([]);
      expect((await store().closedLoansOfItem('B1', { limit: 10 })).entries).toEqual([]);
      expect((await store().closedLoansOfItem('B2', { limit: 10 })).entries).toEqual([unlinked]);
    });

    test('when a loan without returnedAt is put, then it is refused', async () => {
      await expect(store().putClosedLoan(openLoan('l1'))).rejects.toThrow(/returnedAt/);
      expect(await store().closedLoan('l1')).toBeUndefined();
    });

    test("when a patron's loans are listed, then only theirs come, newest return first, ties by id", async () => {
      await store().putClosedLoan(closedLoan('l1', { returnedAt: T1 }));
      await store().putClosedLoan(closedLoan('l2', { returnedAt: T3 }));
      await store().putClosedLoan(closedLoan('l3', { returnedAt: T2 }));
      await store().putClosedLoan(closedLoan('l4', { returnedAt: T2 }));
      await store().putClosedLoan(closedLoan('l5', { returnedAt: T3, patronId: 'p2' }));
      const page = await store().closedLoansOfPatron('p1', { limit: 10 });
      expect(ids(page.entries)).toEqual(['l2', 'l4', 'l3', 'l1']);
      expect(page.next).toBeUndefined();
      expect(ids((await store().closedLoansOfPatron('p2', { limit: 10 })).entries)).toEqual(['l5']);
      expect((await store().closedLoansOfPatron('p3', { limit: 10 })).entries).toEqual([]);
    });

    test('when a list is longer than a page, then the cursors walk it once, in order, to the end', async () => {
      const returns = [T1, T3, T2, T2, T0];
      for (const [n, returnedAt] of returns.entries())
        await store().putClosedLoan(closedLoan(`l${n + 1}`, { returnedAt }));
      const { entries, sizes } = await allPages((after) =>
        store().closedLoansOfPatron('p1', { limit: 2, ...(after && { after }) }),
      );
      expect(ids(entries)).toEqual(['l2', 'l4', 'l3', 'l1', 'l5']);
      expect(sizes).toEqual([2, 2, 1]);
      const byItem = await allPages((after) =>
        store().closedLoansOfItem('b1', { limit: 2, ...(after && { after }) }),
      );
      expect(ids(byItem.entries)).toEqual(['l2', 'l4', 'l3', 'l1', 'l5']);
    });

    test("when an item's loans are listed, then its barcode matches in any case, unlinked loans included", async () => {
      const anonymous = closedLoan('l2', { itemBarcode: 'ab-9', returnedAt: T2 });
      delete anonymous.patronId;
      await store().putClosedLoan(closedLoan('l1', { itemBarcode: 'AB-9', returnedAt: T1 }));
      await store().putClosedLoan(anonymous);
      await store().putClosedLoan(closedLoan('l3', { itemBarcode: 'AB-10', returnedAt: T3 }));
      const page = await store().closedLoansOfItem(' Ab-9 ', { limit: 10 });
      expect(ids(page.entries)).toEqual(['l2', 'l1']);
      expect(page.entries[0]).toEqual(anonymous);
    });

    test('when a cursor is not one of this list, then invalid_parameter names the cursor', async () => {
      await store().putClosedLoan(closedLoan('l1'));
      const eventsCursor = Buffer.from(JSON.stringify({ l: 'events', a: T0, i: 'e1' })).toString('base64url');
      for (const after of ['nonsense', 'bm90IGpzb24', eventsCursor, 'x'.repeat(3000)]) {
        const error = await appErrorOf(store().closedLoansOfPatron('p1', { limit: 1, after }));
        expect(error.code).toBe('invalid_parameter');
        expect(error.details).toMatchObject({ parameter: 'cursor' });
        const byItem = await appErrorOf(store().closedLoansOfItem('B1', { limit: 1, after }));
        expect(byItem.code).toBe('invalid_parameter');
      }
    });
  });
}
