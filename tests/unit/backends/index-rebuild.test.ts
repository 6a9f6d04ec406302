import Database from 'better-sqlite3';
import { composeBackends } from '../../../src/backends/composed.backends';
import { rebuildIndexFromStore } from '../../../src/backends/index-rebuild';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { parseQuery } from '../../../src/search/query/parser';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { input } from '../../contract/record-store.fixtures';
import { FlakyIndex } from '../../support/flaky-index';

describe('rebuildIndexFromStore', () => {
  test('when the embedded index has drifted from the store, then the rebuild makes it hold exactly the live records', async () => {
    const backends = openSqliteBackends(':memory:');
    const records = [input('a', 'Apple'), input('b', 'Banana'), input('c', 'Cherry')];
    await backends.store.upsertMany(records);
    await backends.store.deleteMany(['c']);
    await backends.index.upsert([records[0]!.document, input('stray', 'Stray').document]);
    const phases: string[] = [];

    const summary = await rebuildIndexFromStore(backends, {
      batch: 1,
      progress: (phase) => phases.push(phase),
    });

    expect(summary).toMatchObject({ documents: 2, replayed: 0, pending: { indexed: 0, removed: 0 } });
    expect(await backends.index.count()).toBe(2);
    const found = await backends.index.search({ query: parseQuery('banana OR stray OR cherry') });
    expect(found.hits.map((h) => h.id)).toEqual(['b']);
    expect(new Set(phases)).toEqual(new Set(['load']));
    await backends.close();
  });

  test('when a record changes while the new index loads, then the replay gives the new index its new version', async () => {
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
    await store.upsertMany([input('a', 'Old title'), input('b', 'B')]);
    await store.markIndexed([
      { id: 'a', version: 1 },
      { id: 'b', version: 1 },
    ]);
    let changed = false;
    index.duringRebuild = async () => {
      if (changed) return;
      changed = true;
      // Another writer, meanwhile: store, then the index searches still use, then confirmed.
      await store.upsertMany([input('a', 'New title')]);
      await index.upsert([input('a', 'New title').document]);
      await store.markIndexed([{ id: 'a', version: 2 }]);
    };

    await rebuildIndexFromStore(backends, { batch: 1 });

    expect(index.docs.get('a')?.title).toBe('New title');
    expect([...index.docs.keys()].sort()).toEqual(['a', 'b']);
  });

  test('when records were pending, then the rebuild also confirms them', async () => {
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
    await store.upsertMany([input('a', 'A'), input('b', 'B')]);

    const summary = await rebuildIndexFromStore(backends);

    expect(summary.pending).toEqual({ indexed: 2, removed: 0, refused: 0 });
    expect(await store.pendingIndexCount()).toBe(0);
  });
});
