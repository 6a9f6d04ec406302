import { useItemStore } from './item-store.contract';
import { barcodes, MAIN_REF, newItem, T0, T1, T2, type MakeItemStore } from './item-store.fixtures';

export function describeItemLoadsContract(makeItems: MakeItemStore): void {
  describe('load, withdrawOthers', () => {
    const store = useItemStore(makeItems);

    test('when a load brings new barcodes, then they are created in input order by the loader', async () => {
      const outcomes = await store().load(
        [
          newItem('L2', 'r1', { source: '952' }),
          newItem(' L1 ', 'r2', { source: '952', status: 'on-order' }),
        ],
        T0,
        'ingest',
      );
      expect(outcomes.map((o) => [o.barcode, o.outcome])).toEqual([
        ['L2', 'created'],
        ['L1', 'created'],
      ]);
      expect(outcomes[1]?.item).toMatchObject({
        barcode: 'L1',
        status: 'on-order',
        version: 1,
        createdAt: T0,
      });
      expect(outcomes[1]?.item.history).toEqual([{ to: 'on-order', at: T0, by: 'ingest' }]);
      expect(await store().get('l1')).toEqual(outcomes[1]?.item);
    });

    test('when the same item is loaded again, then it is unchanged and keeps its version and time', async () => {
      await store().load([newItem('L1', 'r1', { shelfKey: 'QA 1', source: '952' })], T0, 'ingest');
      const [again] = await store().load(
        [newItem('l1', 'r1', { shelfKey: 'QA 1', source: '952' })],
        T1,
        'ingest',
      );
      expect(again).toMatchObject({
        barcode: 'l1',
        outcome: 'unchanged',
        item: { barcode: 'L1', version: 1, updatedAt: T0 },
      });
    });

    test('when a load changes an item, then it is updated and keeps its status and history', async () => {
      await store().create(newItem('L1', 'r1', { shelfKey: 'QA 1' }), T0, 'key-1');
      await store().changeStatus('L1', { to: 'in-repair', at: T0, by: 'key-1' }, 1);
      const [outcome] = await store().load(
        [newItem('L1', 'r1', { shelfKey: 'QA 2', location: MAIN_REF, source: '952' })],
        T1,
        'ingest',
      );
      expect(outcome?.outcome).toBe('updated');
      expect(outcome?.item).toMatchObject({
        status: 'in-repair',
        version: 3,
        createdAt: T0,
        updatedAt: T1,
        location: MAIN_REF,
        source: '952',
        callNumber: { shelfKey: 'QA 2' },
      });
      expect(outcome?.item.history).toHaveLength(2);
    });

    test('when a load gives a status that differs, then it is appended to the history with the load reason', async () => {
      await store().load([newItem('L1', 'r1'), newItem('L2', 'r1', { status: 'missing' })], T0, 'ingest');
      const outcomes = await store().load(
        [
          { ...newItem('L1', 'r1'), status: 'withdrawn', statusReason: 'weeded' },
          newItem('L2', 'r1', { status: 'missing' }),
        ],
        T1,
        'import',
      );
      expect(outcomes.map((o) => o.outcome)).toEqual(['updated', 'unchanged']);
      expect(outcomes[0]?.item).toMatchObject({ status: 'withdrawn', version: 2, updatedAt: T1 });
      expect(outcomes[0]?.item.history).toEqual([
        { to: 'available', at: T0, by: 'ingest' },
        { from: 'available', to: 'withdrawn', at: T1, by: 'import', reason: 'weeded' },
      ]);
    });

    test('when a barcode comes with another record, then the item moves and the outcome names where from', async () => {
      await store().load([newItem('L1', 'r1', { shelfKey: 'QA 1' })], T0, 'ingest');
      const [moved] = await store().load([newItem('L1', 'r2', { shelfKey: 'QA 1' })], T1, 'ingest');
      expect(moved).toMatchObject({ barcode: 'L1', outcome: 'moved', fromRecordId: 'r1' });
      expect(moved?.item).toMatchObject({ recordId: 'r2', version: 2, updatedAt: T1 });
      expect(await store().forRecord('r1')).toEqual([]);
      expect(barcodes(await store().forRecord('r2'))).toEqual(['L1']);
    });

    test('when one load holds a barcode twice, then both apply in order and the second is updated', async () => {
      // Decided so (docs/items.md, backends): a load is applied row by row, like a batch of records.
      const outcomes = await store().load(
        [
          newItem('D1', 'r1', { shelfKey: 'QA 1' }),
          newItem('d1', 'r1', { shelfKey: 'QA 2' }),
          newItem('D1', 'r1', { shelfKey: 'QA 2' }),
        ],
        T0,
        'import',
      );
      expect(outcomes.map((o) => [o.barcode, o.outcome, o.item.version])).toEqual([
        ['D1', 'created', 1],
        ['d1', 'updated', 2],
        ['D1', 'unchanged', 2],
      ]);
      expect((await store().get('D1'))?.callNumber?.shelfKey).toBe('QA 2');
      expect(await store().count()).toBe(1);
    });

    test('when others are withdrawn, then every item of those records not kept is withdrawn with the reason', async () => {
      await store().load(
        [
          newItem('K1', 'r1', { shelfKey: 'QA 1' }),
          newItem('X2', 'r1', { shelfKey: 'QA 2' }),
          newItem('X1', 'r1', { shelfKey: 'QA 3', status: 'in-repair' }),
          newItem('W1', 'r1', { status: 'withdrawn', statusReason: 'old' }),
          newItem('X3', 'r2'),
          newItem('O1', 'r3'),
        ],
        T0,
        'ingest',
      );
      const withdrawn = await store().withdrawOthers(['r1', 'r2'], ['k1'], 'not in load', T2, 'ingest');
      // In shelf order (location, shelf key, barcode); the already withdrawn W1 is left as it was.
      expect(barcodes(withdrawn)).toEqual(['X3', 'X2', 'X1']);
      for (const item of withdrawn) {
        expect(item).toMatchObject({ status: 'withdrawn', version: 2, updatedAt: T2 });
        expect(item.history.at(-1)).toEqual({
          from: item.barcode === 'X1' ? 'in-repair' : 'available',
          to: 'withdrawn',
          at: T2,
          by: 'ingest',
          reason: 'not in load',
        });
      }
      expect(await store().get('W1')).toMatchObject({ version: 1, updatedAt: T0 });
      expect(await store().get('K1')).toMatchObject({ status: 'available', version: 1 });
      expect(await store().get('O1')).toMatchObject({ status: 'available', version: 1 });
      expect(await store().withdrawOthers(['r1', 'r2'], ['K1'], 'not in load', T2, 'ingest')).toEqual([]);
      expect(await store().withdrawOthers([], [], 'x', T2, 'ingest')).toEqual([]);
    });
  });
}
