import { withAvailability, type ItemsForRecords } from '../../../src/backends/availability-index';
import type { Item } from '../../../src/domain/items/item';
import type { IndexedDocument, PreparedDocument } from '../../../src/search/port';
import { makeDocument } from '../../support/documents';
import { fakeSearchIndex } from '../../support/fake-search-index';

function item(recordId: string, status: Item['status']): Item {
  return {
    barcode: `${recordId}-${status}`,
    recordId,
    location: { library: 'MAIN', shelf: 'STACKS' },
    itemType: 'book',
    status,
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
    version: 1,
    createdAt: '2026-12-06T00:00:00.000Z',
    updatedAt: '2026-12-06T00:00:00.000Z',
    history: [],
  };
}

/** An item store that holds `items` and records which ids each call asked for. */
function itemsOf(items: Item[]): ItemsForRecords & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    forRecords: async (ids) => {
      asked.push([...ids]);
      const out = new Map<string, Item[]>();
      for (const i of items)
        if (ids.includes(i.recordId)) out.set(i.recordId, [...(out.get(i.recordId) ?? []), i]);
      return out;
    },
  };
}

describe('withAvailability', () => {
  test('when documents are upserted, then each gets its copies in one read, and prepared rows pass through', async () => {
    const sent: {
      documents: readonly IndexedDocument[];
      prepared?: readonly (PreparedDocument | undefined)[];
    }[] = [];
    const index = fakeSearchIndex({
      upsert: async (documents, prepared) => {
        sent.push({ documents, prepared });
      },
    });
    const items = itemsOf([item('a', 'available'), item('a', 'missing'), item('c', 'withdrawn')]);
    const rows = [{ preparer: 'x' }, { preparer: 'x' }, { preparer: 'x' }];

    await withAvailability(index, items).upsert(
      [makeDocument({ id: 'a' }), makeDocument({ id: 'b' }), makeDocument({ id: 'c' })],
      rows,
    );

    expect(items.asked).toEqual([['a', 'b', 'c']]);
    expect(sent[0]?.prepared).toBe(rows);
    expect(sent[0]?.documents.map((d) => d.availability?.available ?? null)).toEqual([1, null, null]);
    expect(sent[0]?.documents[0]?.availability).toMatchObject({ total: 2, available: 1 });
  });

  test('when documents are deleted or carry a summary already, then their items are not read', async () => {
    const index = fakeSearchIndex({ upsert: async () => undefined });
    const items = itemsOf([]);
    const given = { total: 1, available: 0, locations: [] };

    await withAvailability(index, items).upsert([
      { ...makeDocument({ id: 'a' }), deleted: true },
      { ...makeDocument({ id: 'b' }), availability: given },
    ]);

    expect(items.asked).toEqual([]);
  });

  test('when the index declares a preparer, then the decorated one declares it too', () => {
    const decorated = withAvailability(
      { ...fakeSearchIndex({}), preparer: 'sqlite-index-rows' },
      itemsOf([]),
    );
    expect(decorated.preparer).toBe('sqlite-index-rows');
    expect(withAvailability(fakeSearchIndex({}), itemsOf([])).preparer).toBeUndefined();
  });

  test('when the index is rebuilt, then every batch gets its copies', async () => {
    const loaded: IndexedDocument[] = [];
    const index = fakeSearchIndex({
      rebuild: async (batches) => {
        for await (const batch of batches) loaded.push(...batch);
        return { documents: loaded.length };
      },
    });
    async function* batches() {
      yield [makeDocument({ id: 'a' })];
      yield [makeDocument({ id: 'b' })];
    }

    await withAvailability(index, itemsOf([item('b', 'checked-out')])).rebuild(batches());

    expect(loaded.map((d) => d.availability?.total ?? 0)).toEqual([0, 1]);
  });
});
