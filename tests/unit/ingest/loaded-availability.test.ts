import { summarizeAvailability } from '../../../src/domain/items/availability';
import { createdItem } from '../../../src/items/item-changes';
import type { ItemLoadOutcome } from '../../../src/items/port';
import { ItemLoad } from '../../../src/ingest/item-load';
import { loadedSummaries } from '../../../src/ingest/loaded-availability';
import { MAIN_REF, newItem, T0 } from '../../contract/item-store.fixtures';

/** A record's summary after its load: the worker's when the load did what it assumed, else made from the outcomes. */
describe('summaries of records loaded fresh', () => {
  const created = (barcode: string, recordId: string): ItemLoadOutcome => ({
    barcode,
    outcome: 'created',
    item: createdItem(newItem(barcode, recordId), T0, 'ingest'),
  });
  const ahead = { total: 9, available: 9, locations: [] };

  function loadWith(outcomes: ItemLoadOutcome[], count = 2): ItemLoad {
    const load = new ItemLoad(T0);
    load.outcomes.push(...outcomes);
    load.ahead.set('r1', { summary: ahead, count });
    return load;
  }

  test('when the load created just the items the record was extracted with, then its summary is the one made ahead', () => {
    const summaries = loadedSummaries(
      new Set(['r1', 'r2']),
      loadWith([created('B1', 'r1'), created('B2', 'r1')]),
    );
    expect(summaries.get('r1')).toBe(ahead);
    expect(summaries.get('r2')).toEqual({ total: 0, available: 0, locations: [] });
  });

  test('when the load created another item for it too (an MFHD waiting), then the summary is of what it wrote', () => {
    const outcomes = [created('B1', 'r1'), created('B2', 'r1'), created('M1', 'r1')];
    expect(loadedSummaries(new Set(['r1']), loadWith(outcomes)).get('r1')).toEqual(
      summarizeAvailability(outcomes.map((o) => o.item)),
    );
  });

  test('when a later row moved one of its items away or changed one, then the summary is of what it wrote', () => {
    const moved = createdItem(newItem('B2', 'r2', { location: MAIN_REF }), T0, 'ingest');
    const away = loadWith([
      created('B1', 'r1'),
      created('B2', 'r1'),
      created('B3', 'r1'),
      { barcode: 'B2', outcome: 'moved', item: moved, fromRecordId: 'r1' },
    ]);
    const summary = loadedSummaries(new Set(['r1']), away).get('r1');
    expect(summary).not.toBe(ahead);
    expect(summary).toMatchObject({ total: 2 });
    const updated = loadWith([
      created('B1', 'r1'),
      created('B2', 'r1'),
      { barcode: 'B2', outcome: 'updated', item: createdItem(newItem('B2', 'r1'), T0, 'ingest') },
    ]);
    expect(loadedSummaries(new Set(['r1']), updated).get('r1')).toMatchObject({ total: 2 });
  });

  test('when items were withdrawn after the load, then the record is left for the index to read', () => {
    const load = loadWith([created('B1', 'r1'), created('B2', 'r1')]);
    load.withdrawnFrom.add('r1');
    expect(loadedSummaries(new Set(['r1']), load).has('r1')).toBe(false);
  });
});
