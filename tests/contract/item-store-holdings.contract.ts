import { useItemStore } from './item-store.contract';
import { EAST_STACKS, holding, MAIN_REF, newItem, T1, type MakeItemStore } from './item-store.fixtures';

const ids = (holdings: readonly { id: string }[]): string[] => holdings.map((h) => h.id);

export function describeItemHoldingsContract(makeItems: MakeItemStore): void {
  describe('putHoldings, holdingsFor, unlinkedHoldings', () => {
    const store = useItemStore(makeItems);

    test('when holdings are put, then each record reads its own back in id order, as given', async () => {
      const full = holding('r1#852-2', {
        recordId: 'r1',
        location: MAIN_REF,
        callNumber: { value: 'QA76 .A1', scheme: 'lc', prefix: 'REF', shelfKey: 'QA 0076 A1' },
        publicNotes: ['Library has v.1-5'],
        staffNotes: ['gift'],
      });
      await store().putHoldings([
        full,
        holding('r1#852-1', { recordId: 'r1' }),
        holding('r2#852-1', { recordId: 'r2' }),
      ]);
      const r1 = await store().holdingsFor('r1');
      expect(ids(r1)).toEqual(['r1#852-1', 'r1#852-2']);
      expect(r1[1]).toEqual(full);
      expect('callNumber' in r1[0]! || 'linksTo' in r1[0]!).toBe(false);
      expect(ids(await store().holdingsFor('r2'))).toEqual(['r2#852-1']);
      expect(await store().holdingsFor('r3')).toEqual([]);
    });

    test("when a record's holdings of one source are put again, then they replace that source's only", async () => {
      await store().putHoldings([
        holding('r1#852-1', { recordId: 'r1' }),
        holding('r1#852-2', { recordId: 'r1' }),
        holding('r1#952-1', { recordId: 'r1', source: '952' }),
        holding('r2#852-1', { recordId: 'r2' }),
      ]);
      await store().putHoldings([
        holding('r1#852-2', { recordId: 'r1', location: EAST_STACKS, updatedAt: T1 }),
      ]);
      const r1 = await store().holdingsFor('r1');
      expect(ids(r1)).toEqual(['r1#852-2', 'r1#952-1']);
      expect(r1[0]).toMatchObject({ location: EAST_STACKS, updatedAt: T1 });
      expect(ids(await store().holdingsFor('r2'))).toEqual(['r2#852-1']);
    });

    test('when a load of a record brings no holdings of a source, then naming it in `replacing` empties it', async () => {
      await store().putHoldings([
        holding('r1#852-1', { recordId: 'r1' }),
        holding('r1#952-1', { recordId: 'r1', source: '952' }),
      ]);
      await store().putHoldings([], [{ recordId: 'r1', source: '852' }]);
      expect(ids(await store().holdingsFor('r1'))).toEqual(['r1#952-1']);
    });

    test('when an MFHD waits for its record, then it is unlinked until put again with the record', async () => {
      await store().putHoldings([holding('mfhd:h1', { linksTo: 'b1', source: 'mfhd' })]);
      expect(ids(await store().unlinkedHoldings(['b0', 'b1']))).toEqual(['mfhd:h1']);
      expect(await store().unlinkedHoldings(['b0'])).toEqual([]);
      expect(await store().unlinkedHoldings([])).toEqual([]);

      await store().putHoldings([holding('mfhd:h1', { linksTo: 'b1', recordId: 'r9', source: 'mfhd' })]);
      // MFHD holdings are replaced by id only: a record's second holdings record leaves the first.
      await store().putHoldings([holding('mfhd:h2', { linksTo: 'b1', recordId: 'r9', source: 'mfhd' })]);
      expect(await store().unlinkedHoldings(['b1'])).toEqual([]);
      const linked = await store().holdingsFor('r9');
      expect(ids(linked)).toEqual(['mfhd:h1', 'mfhd:h2']);
      expect(linked[0]).toEqual(holding('mfhd:h1', { linksTo: 'b1', recordId: 'r9', source: 'mfhd' }));
    });

    test('when a waiting MFHD carries its items, then they come back with it, and go once it is put linked', async () => {
      const waitingItems = [
        newItem('W1', '', { source: 'mfhd', holdingId: 'mfhd:h1', shelfKey: 'L QA 276' }),
        newItem('W2', '', { source: 'mfhd', holdingId: 'mfhd:h1', status: 'missing' }),
      ];
      await store().putHoldings([holding('mfhd:h1', { linksTo: 'b1', source: 'mfhd', waitingItems })]);
      expect((await store().unlinkedHoldings(['b1']))[0]!.waitingItems).toEqual(waitingItems);

      await store().putHoldings([holding('mfhd:h1', { linksTo: 'b1', recordId: 'r9', source: 'mfhd' })]);
      expect('waitingItems' in (await store().holdingsFor('r9'))[0]!).toBe(false);
    });
  });
}
