import Database from 'better-sqlite3';
import { composeBackends } from '../../../src/backends/composed.backends';
import { catchUpIndex } from '../../../src/backends/index-catch-up';
import { AppError } from '../../../src/errors/app-error';
import { RecordsService } from '../../../src/services/records.service';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { input } from '../../contract/record-store.fixtures';
import { FlakyIndex } from '../../support/flaky-index';

/** Single-record writes (the HTTP API's) on a composed pair: confirmed when the index takes them. */
function service(index: FlakyIndex) {
  const db = new Database(':memory:');
  const store = createSqliteRecordStore(db);
  const items = createSqliteItemStore(db);
  const patrons = createSqlitePatronStore(db);
  // No rest after a failure: each test decides when the index is down.
  const backends = composeBackends({
    store,
    index: index.asPort(),
    items,
    circulation: createSqliteCirculationStore(db),
    patrons,
    describe: 'test',
    outbox: { restMs: 0 },
  });
  const map = (record: ReturnType<typeof input>['record']) => input(record.getControl('001')!, 'T').document;
  return { store, backends, records: new RecordsService(backends, map) };
}

describe('records service on a store with an outbox', () => {
  test('when a record is created and then deleted, then each write is confirmed and nothing lags', async () => {
    const index = new FlakyIndex();
    const { store, records } = service(index);

    await records.create(input('a', 'A').record);
    expect(await store.pendingIndexCount()).toBe(0);
    await records.remove('a');

    expect(await store.pendingIndexCount()).toBe(0);
    expect(index.docs.has('a')).toBe(false);
  });

  test('when the index is down, then the write succeeds as pending, and the catch-up indexes it once the index is back', async () => {
    const index = new FlakyIndex();
    index.down = true;
    const { store, backends, records } = service(index);

    const written = await records.create(input('a', 'A').record);

    expect(written).toMatchObject({ outcome: 'created', indexPending: true });
    expect(written.stored.version).toBe(1);
    expect(await store.pendingIndexCount()).toBe(1);
    index.down = false;
    expect(await catchUpIndex(backends)).toEqual({ indexed: 1, removed: 0, refused: 0 });
    expect(index.docs.has('a')).toBe(true);
    expect(await store.pendingIndexCount()).toBe(0);
  });

  test('when the index is down, then a replace and a delete are stored and pending too', async () => {
    const index = new FlakyIndex();
    const { store, backends, records } = service(index);
    await records.create(input('a', 'A').record);
    await records.create(input('b', 'B').record);
    index.down = true;

    const replaced = await records.replace('a', input('a', 'A2').record);
    const removed = await records.remove('b');

    expect(replaced).toMatchObject({ outcome: 'updated', indexPending: true });
    expect(removed).toEqual({ version: 1, indexPending: true });
    expect(await store.pendingIndexCount()).toBe(2);
    index.down = false;
    expect(await catchUpIndex(backends)).toEqual({ indexed: 1, removed: 1, refused: 0 });
    expect(index.docs.has('b')).toBe(false);
    expect(await store.pendingIndexCount()).toBe(0);
  });

  test('when the index refuses the document, then the write succeeds as pending', async () => {
    const index = new FlakyIndex();
    index.refuse.add('a');
    const { store, records } = service(index);

    await expect(records.create(input('a', 'A').record)).resolves.toMatchObject({ indexPending: true });

    expect(await store.pendingIndexCount()).toBe(1);
  });

  test('when the index has just failed, then the next write leaves it alone and is pending at once', async () => {
    const index = new FlakyIndex();
    const db = new Database(':memory:');
    const store = createSqliteRecordStore(db);
    const items = createSqliteItemStore(db);
    const backends = composeBackends({
      store,
      index: index.asPort(),
      items,
      circulation: createSqliteCirculationStore(db),
      patrons: createSqlitePatronStore(db),
      describe: 'test',
    });
    const records = new RecordsService(backends, (r) => input(r.getControl('001')!, 'T').document);
    index.down = true;
    await records.create(input('a', 'A').record);
    const calls = index.calls;
    index.down = false;

    await expect(records.create(input('b', 'B').record)).resolves.toMatchObject({ indexPending: true });

    expect(index.calls).toBe(calls);
    expect(await store.pendingIndexCount()).toBe(2);
  });

  test('when the index fails with an error the outbox does not cover, then the write fails', async () => {
    const index = new FlakyIndex();
    const { records } = service(index);
    const broken = new Error('a bug in the adapter');
    index.upsert = () => Promise.reject(broken);

    await expect(records.create(input('a', 'A').record)).rejects.toBe(broken);
  });

  test('when the store fails, then the write fails and the index is not written', async () => {
    const index = new FlakyIndex();
    const { store, records } = service(index);
    store.upsertMany = () => Promise.reject(new AppError('store_unavailable', 'the store did not answer'));

    await expect(records.create(input('a', 'A').record)).rejects.toMatchObject({ code: 'store_unavailable' });

    expect(index.calls).toBe(0);
  });
});
