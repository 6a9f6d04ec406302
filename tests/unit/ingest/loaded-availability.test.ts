import type { Item } from '../../../src/domain/items/item';
import { loadedSummaries } from '../../../src/ingest/loaded-availability';
import type { ItemLoadOutcome } from '../../../src/items/port';

/**
 * The summaries an item load gives the index for records that had no items before it: from the
 * load's outcomes, the last outcome of a barcode being its item now, whether or not every outcome
 * was a creation (the common case, taken without keying the barcodes).
 */
describe('summaries of freshly loaded records', () => {
  function item(barcode: string, recordId: string, status: Item['status'] = 'available'): Item {
    return {
      barcode,
      recordId,
      location: { library: 'MAIN', shelf: 'STACKS' },
      itemType: 'book',
      status,
      notForLoan: false,
      publicNotes: [],
      staffNotes: [],
      source: '952',
      version: 1,
      createdAt: 't',
      updatedAt: 't',
      history: [],
    };
  }

  const created = (i: Item): ItemLoadOutcome => ({ barcode: i.barcode, outcome: 'created', item: i });

  test('when every item was created, then each fresh record counts its own, and one without any has none', () => {
    const outcomes = [
      created(item('a1', 'r1')),
      created(item('a2', 'r1', 'lost')),
      created(item('b1', 'r2')),
    ];
    const summaries = loadedSummaries(new Set(['r1', 'r2', 'r3']), outcomes, new Set());
    expect(summaries.get('r1')).toMatchObject({ total: 2, available: 1 });
    expect(summaries.get('r2')).toMatchObject({ total: 1, available: 1 });
    expect(summaries.get('r3')).toEqual({ total: 0, available: 0, locations: [] });
  });

  test('when a barcode created for one record moves to another in the same load, then it counts only there', () => {
    const outcomes: ItemLoadOutcome[] = [
      created(item('A1', 'r1')),
      created(item('c1', 'r1')),
      { barcode: 'a1', outcome: 'moved', item: item('a1', 'r2'), fromRecordId: 'r1' },
    ];
    const summaries = loadedSummaries(new Set(['r1', 'r2']), outcomes, new Set());
    expect(summaries.get('r1')).toMatchObject({ total: 1 });
    expect(summaries.get('r2')).toMatchObject({ total: 1 });
  });

  test('when a record changed after the load, then it is left for the index to read', () => {
    const summaries = loadedSummaries(new Set(['r1']), [created(item('a1', 'r1'))], new Set(['r1']));
    expect(summaries.has('r1')).toBe(false);
  });
});
