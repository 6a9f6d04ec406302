import type { ItemQuery, ItemStore } from '../../src/items/port';
import { useItemStore } from './item-store.contract';
import {
  barcodes,
  EAST_STACKS,
  MAIN_REF,
  MAIN_STACKS,
  newItem,
  T0,
  T1,
  type MakeItemStore,
} from './item-store.fixtures';

/** Every page of a list, following `next` to the end. */
async function allPages(store: ItemStore, query: ItemQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let after = query.after;
  do {
    const page = await store.list({ ...query, ...(after !== undefined && { after }) });
    pages.push(barcodes(page.items));
    after = page.next;
    if (pages.length > 50) throw new Error('list never ends');
  } while (after !== undefined);
  return pages;
}

/** Items in three locations, two records, keys out of insertion order; one without a call number. */
async function seed(store: ItemStore): Promise<void> {
  const items = [
    newItem('s3', 'r1', { shelfKey: 'QA 0030' }),
    newItem('s1', 'r1', { shelfKey: 'QA 0010' }),
    newItem('S2b', 'r2', { shelfKey: 'QA 0020' }),
    newItem('s2a', 'r2', { shelfKey: 'QA 0020', itemType: 'dvd' }),
    newItem('s5', 'r2', { shelfKey: 'QA 0050', status: 'in-repair' }),
    newItem('s4', 'r1', { shelfKey: 'QA 0040', status: 'missing' }),
    newItem('s0', 'r2'),
    newItem('ref1', 'r1', { shelfKey: 'QA 0001', location: MAIN_REF }),
    newItem('east1', 'r2', { shelfKey: 'QA 0099', location: EAST_STACKS }),
  ];
  for (const item of items) await store.create(item, T0);
}

export function describeItemReadsContract(makeItems: MakeItemStore): void {
  describe('forRecord, forRecords, list, shelf', () => {
    const store = useItemStore(makeItems);

    test('when a record has items, then forRecord gives them in location, shelf key, barcode order', async () => {
      await seed(store());
      // EAST before MAIN; REFERENCE before STACKS; no call number files first; equal keys by barcode, any case.
      expect(barcodes(await store().forRecord('r2'))).toEqual(['east1', 's0', 's2a', 'S2b', 's5']);
      expect(barcodes(await store().forRecord('r1'))).toEqual(['ref1', 's1', 's3', 's4']);
      expect(await store().forRecord('nothing')).toEqual([]);
    });

    test('when items of many records are asked, then each record with items maps to them in shelf order', async () => {
      await seed(store());
      const byRecord = await store().forRecords(['r1', 'nothing', 'r2']);
      expect([...byRecord.keys()].sort()).toEqual(['r1', 'r2']);
      expect(barcodes(byRecord.get('r1')!)).toEqual(['ref1', 's1', 's3', 's4']);
      expect(barcodes(byRecord.get('r2')!)).toEqual(['east1', 's0', 's2a', 'S2b', 's5']);
      expect((await store().forRecords([])).size).toBe(0);
    });

    test('when listing without filters, then every item comes once in location, shelf key, barcode order', async () => {
      await seed(store());
      const pages = await allPages(store(), { limit: 4 });
      expect(pages.map((p) => p.length)).toEqual([4, 4, 1]);
      expect(pages.flat()).toEqual(['east1', 'ref1', 's0', 's1', 's2a', 'S2b', 's3', 's4', 's5']);
    });

    test('when the last page is exactly full, then it has no next', async () => {
      await seed(store());
      const pages = await allPages(store(), { limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
    });

    test('when paging while items change, then no item is skipped or repeated among those that stay', async () => {
      await seed(store());
      const first = await store().list({ location: MAIN_STACKS, limit: 3 });
      expect(barcodes(first.items)).toEqual(['s0', 's1', 's2a']);
      // A new item filed before the cursor is not seen; the rest come once.
      await store().create(newItem('s00', 'r1', { shelfKey: 'QA 0000' }), T1);
      const rest = await allPages(store(), { location: MAIN_STACKS, limit: 3, after: first.next! });
      expect(rest.flat()).toEqual(['S2b', 's3', 's4', 's5']);
    });

    test('when listing by location, library, status or item type, then only the matching items come', async () => {
      await seed(store());
      const list = async (query: Omit<ItemQuery, 'limit'>): Promise<string[]> =>
        (await allPages(store(), { ...query, limit: 2 })).flat();
      expect(await list({ location: MAIN_REF })).toEqual(['ref1']);
      expect(await list({ library: 'MAIN' })).toEqual(['ref1', 's0', 's1', 's2a', 'S2b', 's3', 's4', 's5']);
      expect(await list({ library: 'EAST' })).toEqual(['east1']);
      expect(await list({ location: MAIN_REF, library: 'MAIN' })).toEqual(['ref1']);
      expect(await list({ location: MAIN_REF, library: 'EAST' })).toEqual([]);
      expect(await list({ statuses: ['missing', 'in-repair'] })).toEqual(['s4', 's5']);
      expect(await list({ statuses: [] })).toEqual([]);
      expect(await list({ location: MAIN_STACKS, statuses: ['missing', 'available'] })).toEqual([
        's0',
        's1',
        's2a',
        'S2b',
        's3',
        's4',
      ]);
      expect(await list({ itemType: 'dvd' })).toEqual(['s2a']);
      expect(await list({ location: MAIN_STACKS, statuses: ['available'], itemType: 'book' })).toEqual([
        's0',
        's1',
        'S2b',
        's3',
      ]);
    });

    test('when listing a shelf key range of a location, then from is inclusive and to exclusive', async () => {
      await seed(store());
      const range = await store().list({
        location: MAIN_STACKS,
        shelfKeyFrom: 'QA 0020',
        shelfKeyTo: 'QA 0040',
        limit: 10,
      });
      expect(barcodes(range.items)).toEqual(['s2a', 'S2b', 's3']);
      expect(range.next).toBeUndefined();
      const tail = await allPages(store(), { location: MAIN_STACKS, shelfKeyFrom: 'QA 0030', limit: 1 });
      expect(tail.flat()).toEqual(['s3', 's4', 's5']);
    });

    test('when a list cursor is not one the store made, then invalid_parameter is thrown', async () => {
      await seed(store());
      await expect(store().list({ limit: 2, after: 'not a cursor' })).rejects.toMatchObject({
        code: 'invalid_parameter',
        details: { cursor: 'not a cursor' },
      });
    });

    test('when asked around a shelf key, then the nearest items before it and at or after it come in shelf order', async () => {
      await seed(store());
      const around = await store().shelf(MAIN_STACKS, 'QA 0025', { before: 2, after: 2 });
      expect(barcodes(around)).toEqual(['s2a', 'S2b', 's3', 's4']);
      // At the key counts as after; items without a call number have no place on a shelf.
      expect(barcodes(await store().shelf(MAIN_STACKS, 'QA 0020', { before: 5, after: 1 }))).toEqual([
        's1',
        's2a',
      ]);
      expect(barcodes(await store().shelf(MAIN_STACKS, 'ZZ', { before: 1, after: 3 }))).toEqual(['s5']);
      expect(barcodes(await store().shelf(MAIN_REF, 'A', { before: 3, after: 0 }))).toEqual([]);
      expect(await store().shelf(EAST_STACKS, 'QA', { before: 0, after: 0 })).toEqual([]);
    });
  });
}
