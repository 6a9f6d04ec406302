import Database from 'better-sqlite3';
import { refreshAvailability } from '../../../src/backends/availability-refresh';
import type { Backends } from '../../../src/backends/backends';
import { composeBackends } from '../../../src/backends/composed.backends';
import { catchUpIndex } from '../../../src/backends/index-catch-up';
import { rebuildIndexFromStore } from '../../../src/backends/index-rebuild';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import type { NewItem } from '../../../src/domain/items/item';
import type { ItemStatus } from '../../../src/domain/items/item-status';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { RecordsService } from '../../../src/services/records.service';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { input } from '../../contract/record-store.fixtures';
import { FlakyIndex } from '../../support/flaky-index';

const AT = '2026-12-06T10:00:00.000Z';

function copy(barcode: string, recordId: string, shelf = 'STACKS', status?: ItemStatus): NewItem {
  return {
    barcode,
    recordId,
    location: { library: 'MAIN', shelf },
    callNumber: { value: 'QA76.73 .J38', scheme: 'lc', shelfKey: 'L QA 276.73 J38' },
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: ['staff only'],
    source: 'api',
    ...(status && { status }),
  };
}

/** Stores and indexes records in one unit of work, as ingest and the API do. */
async function write(backends: Backends, ...ids: string[]): Promise<void> {
  await backends.atomically(async () => {
    const inputs = ids.map((id) => input(id, `Harbour ${id}`));
    const outcomes = await backends.store.upsertMany(inputs);
    await backends.index.upsert(inputs.map((i) => i.document));
    if (backends.indexOutbox) await backends.store.markIndexed(outcomes);
  });
}

/** A staff status move and its refresh, in one unit of work, as the items service makes it. */
async function move(backends: Backends, barcode: string, to: ItemStatus): Promise<void> {
  await backends.atomically(async () => {
    const item = (await backends.items.get(barcode))!;
    await backends.items.changeStatus(barcode, { from: item.status, to, at: AT }, item.version);
    await refreshAvailability(backends, [item.recordId]);
  });
}

async function availabilityFacet(backends: Backends) {
  return (await backends.index.search({ facets: [{ field: 'availability' }] })).facets.availability;
}

describe('availability on the embedded backends', () => {
  let backends: Backends;
  beforeEach(() => {
    backends = openSqliteBackends(':memory:');
  });
  afterEach(async () => {
    await backends.close();
  });

  test('when a record with copies is indexed, then its hit carries their summary without staff notes', async () => {
    await backends.items.create(copy('b1', 'r1'), AT);
    await backends.items.create(copy('b2', 'r1', 'REFERENCE', 'in-repair'), AT);

    await write(backends, 'r1', 'r2');

    const { hits } = await backends.index.search({ sort: 'title' });
    expect(hits[0]?.availability).toEqual({
      total: 2,
      available: 1,
      locations: [
        { location: 'MAIN/REFERENCE', total: 1, available: 0, callNumbers: ['QA76.73 .J38'] },
        { location: 'MAIN/STACKS', total: 1, available: 1, callNumbers: ['QA76.73 .J38'] },
      ],
    });
    expect(JSON.stringify(hits)).not.toContain('staff only');
    expect(hits[1]).not.toHaveProperty('availability');
  });

  test('when an item changes status, then the next search sees the new availability', async () => {
    await write(backends, 'r1');
    await backends.atomically(async () => {
      await backends.items.create(copy('b1', 'r1'), AT);
      await refreshAvailability(backends, ['r1']);
    });
    expect(await availabilityFacet(backends)).toEqual([{ value: 'available', count: 1 }]);

    await move(backends, 'b1', 'missing');

    expect(await availabilityFacet(backends)).toEqual([{ value: 'unavailable', count: 1 }]);
    await move(backends, 'b1', 'withdrawn');
    expect(await availabilityFacet(backends)).toEqual([]);
  });

  test('when the unit of work fails after the refresh, then the index keeps the old availability', async () => {
    await backends.items.create(copy('b1', 'r1'), AT);
    await write(backends, 'r1');

    const failing = backends.atomically(async () => {
      await backends.items.changeStatus('b1', { from: 'available', to: 'missing', at: AT }, 1);
      await refreshAvailability(backends, ['r1']);
      throw new Error('later step failed');
    });

    await expect(failing).rejects.toThrow('later step failed');
    expect(await availabilityFacet(backends)).toEqual([{ value: 'available', count: 1 }]);
  });

  test('when a record is replaced over the API, then its hit keeps its copies', async () => {
    const records = new RecordsService(
      backends,
      (record) => input(record.getControl('001')!, 'Harbour new').document,
    );
    await backends.items.create(copy('b1', 'r1'), AT);
    await records.create(input('r1', 'Harbour old').record);

    await records.replace('r1', input('r1', 'Harbour new').record);

    const { hits } = await backends.index.search({ query: { type: 'term', value: 'new', prefix: false } });
    expect(hits[0]?.availability).toMatchObject({ total: 1, available: 1 });
  });

  test('when the index is rebuilt, then availability comes from the items again', async () => {
    await backends.items.create(copy('b1', 'r1', 'STACKS', 'checked-out'), AT);
    await write(backends, 'r1');

    await rebuildIndexFromStore(backends);

    expect(await availabilityFacet(backends)).toEqual([{ value: 'unavailable', count: 1 }]);
  });
});

describe('availability on a composed pair', () => {
  function composed(index: FlakyIndex): Backends {
    const db = new Database(':memory:');
    const store = createSqliteRecordStore(db);
    const items = createSqliteItemStore(db);
    const patrons = createSqlitePatronStore(db);
    return composeBackends({
      store,
      index: index.asPort(),
      items,
      circulation: createSqliteCirculationStore(db),
      patrons,
      describe: 'test',
      outbox: { restMs: 0 },
    });
  }

  test('when an item changes while the index is down, then the record waits and the catch-up sends its summary', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await backends.items.create(copy('b1', 'r1'), AT);
    await write(backends, 'r1', 'r2');
    expect(index.docs.get('r1')?.availability?.available).toBe(1);
    index.down = true;

    await move(backends, 'b1', 'in-repair');

    expect(await backends.store.pendingIndexCount()).toBe(1);
    expect(index.docs.get('r1')?.availability?.available).toBe(1);
    index.down = false;
    expect(await catchUpIndex(backends)).toEqual({ indexed: 1, removed: 0, refused: 0 });
    expect(index.docs.get('r1')?.availability).toMatchObject({ total: 1, available: 0 });
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when an item changes while the index is up, then the record is sent whole and confirmed', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await backends.items.create(copy('b1', 'r1'), AT);
    await write(backends, 'r1');
    const before = index.calls;

    await move(backends, 'b1', 'missing');

    expect(index.calls).toBe(before + 1);
    expect(index.docs.get('r1')).toMatchObject({ title: 'Harbour r1', availability: { available: 0 } });
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when a record is pending already (stored in this unit of work), then the refresh leaves it to the index write that follows', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);

    await backends.atomically(async () => {
      const written = input('r1', 'Harbour r1');
      const outcomes = await backends.store.upsertMany([written]);
      await backends.items.create(copy('b1', 'r1'), AT);
      await refreshAvailability(backends, ['r1']);
      expect(index.calls).toBe(0);
      await backends.index.upsert([written.document]);
      await backends.store.markIndexed(outcomes);
    });

    expect(index.calls).toBe(1);
    expect(index.docs.get('r1')?.availability).toMatchObject({ total: 1, available: 1 });
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when the index refuses the record, then it stays pending', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await backends.items.create(copy('b1', 'r1'), AT);
    await write(backends, 'r1');
    index.refuse.add('r1');

    await move(backends, 'b1', 'lost');

    expect(await backends.store.pendingIndexCount()).toBe(1);
  });
});
