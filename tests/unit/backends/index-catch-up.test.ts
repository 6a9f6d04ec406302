import Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import { composeBackends } from '../../../src/backends/composed.backends';
import { catchUpIndex } from '../../../src/backends/index-catch-up';
import { startIndexCatchUp, type CatchUpLog } from '../../../src/backends/index-catch-up.loop';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { input } from '../../contract/record-store.fixtures';
import { FlakyIndex } from '../../support/flaky-index';

/** The catch-up's logic over a real SQLite store with its outbox and an index double that fails on demand. */
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
    outbox: { restMs: 1 },
  });
}

const quiet: CatchUpLog = { info: () => undefined, warn: () => undefined };

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('catchUpIndex', () => {
  test('when records and tombstones are pending, then the index gets the records, loses the deleted, and nothing stays pending', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await backends.store.upsertMany([input('a', 'A'), input('b', 'B'), input('c', 'C')]);
    index.docs.set('c', input('c', 'C').document);
    await backends.store.deleteMany(['c']);
    const progress: number[] = [];

    const result = await catchUpIndex(backends, { batch: 2, progress: (p) => progress.push(p.done) });

    expect(result).toEqual({ indexed: 2, removed: 1, refused: 0 });
    expect([...index.docs.keys()].sort()).toEqual(['a', 'b']);
    expect(await backends.store.pendingIndexCount()).toBe(0);
    expect(progress).toEqual([2, 3]);
  });

  test('when a record changed after it went pending, then the index gets the version the store has now', async () => {
    const index = new FlakyIndex();
    const backends = composed(index);
    await backends.store.upsertMany([input('a', 'First')]);
    await backends.store.upsertMany([input('a', 'Second')]);

    await catchUpIndex(backends);

    expect(index.docs.get('a')?.title).toBe('Second');
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when the index refuses a document, then the pass goes on and only that one stays pending', async () => {
    const index = new FlakyIndex();
    index.refuse.add('b');
    const backends = composed(index);
    await backends.store.upsertMany([input('a', 'A'), input('b', 'B'), input('c', 'C')]);

    const result = await catchUpIndex(backends, { batch: 1 });

    expect(result).toEqual({ indexed: 2, removed: 0, refused: 1 });
    expect((await backends.store.pendingIndexWork({ limit: 10 })).items.map((i) => i.id)).toEqual(['b']);
  });

  test('when the index is down, then the pass fails with index_unavailable and every record stays pending', async () => {
    const index = new FlakyIndex();
    index.down = true;
    const backends = composed(index);
    await backends.store.upsertMany([input('a', 'A')]);

    await expect(catchUpIndex(backends)).rejects.toMatchObject({ code: 'index_unavailable' });

    expect(await backends.store.pendingIndexCount()).toBe(1);
    expect(index.calls).toBe(0);
  });

  test('when nothing is pending, then the index is not asked anything', async () => {
    const index = new FlakyIndex();
    index.down = true;

    expect(await catchUpIndex(composed(index))).toEqual({ indexed: 0, removed: 0, refused: 0 });
  });
});

describe('startIndexCatchUp', () => {
  test('when the index comes back after being down, then the loop indexes what waited, and stops on request', async () => {
    const index = new FlakyIndex();
    index.down = true;
    const backends = composed(index);
    await backends.store.upsertMany([input('a', 'A'), input('b', 'B')]);
    const warnings: object[] = [];
    const loop = startIndexCatchUp(
      backends,
      { info: () => undefined, warn: (fields) => warnings.push(fields) },
      { intervalMs: 5, maxBackoffMs: 20 },
    );

    await until(async () => warnings.length >= 2);
    index.down = false;
    await until(async () => (await backends.store.pendingIndexCount()) === 0);
    await loop.stop();

    expect([...index.docs.keys()].sort()).toEqual(['a', 'b']);
    await backends.store.upsertMany([input('c', 'C')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(index.docs.has('c')).toBe(false);
  });

  test('when the backends are the embedded pair, then no loop runs', async () => {
    const backends = openSqliteBackends(':memory:');
    const loop = startIndexCatchUp(backends, quiet, { intervalMs: 1 });

    await loop.stop();

    expect(backends.indexOutbox).toBeUndefined();
    await backends.close();
  });
});
