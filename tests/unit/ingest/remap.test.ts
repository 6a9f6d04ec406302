import Database from 'better-sqlite3';
import path from 'node:path';
import type { Backends } from '../../../src/backends/backends';
import { composeBackends } from '../../../src/backends/composed.backends';
import { openSqliteBackends } from '../../../src/backends/sqlite.backends';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { loadMapper } from '../../../src/ingest/profile-loader';
import { remapStore, type RemapFailure } from '../../../src/ingest/remap';
import { createSqliteCirculationStore } from '../../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../../src/patrons/sqlite/sqlite.patron-store';
import type { MapRecord } from '../../../src/mapping/mapper';
import type { MarcRecord } from '../../../src/marc/record';
import { parseQuery } from '../../../src/search/query/parser';
import type { RecordStore } from '../../../src/store/port';
import { createSqliteRecordStore } from '../../../src/store/sqlite/sqlite.record-store';
import { FlakyIndex } from '../../support/flaky-index';
import { mrk } from '../mapping/mrk-record';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
const byDefault = createDefaultMapper();
const withLocal = loadMapper(EXAMPLE);

const LOCAL = mrk(`
=001  local-1
=245  00$aA town history.
=690  \\7$aAshby (Mass.)$2local
=910  \\\\$aTown archive.`);
const PLAIN = mrk(`
=001  plain-1
=245  00$aA plain book.`);

/** Stores the records as an ingest with the default profile would have. */
async function storeByDefault(backends: Pick<Backends, 'store'>, ...records: MarcRecord[]): Promise<void> {
  await backends.store.upsertMany(records.map((record) => ({ record, document: byDefault(record) })));
}

/** A SQLite store with its outbox beside an index double: no transaction spans the two. */
function composed(): Backends {
  const db = new Database(':memory:');
  return composeBackends({
    store: createSqliteRecordStore(db),
    index: new FlakyIndex().asPort(),
    items: createSqliteItemStore(db),
    circulation: createSqliteCirculationStore(db),
    patrons: createSqlitePatronStore(db),
    describe: 'test',
  });
}

describe('remapStore', () => {
  test('when a profile maps some records differently, then only those are stored again and indexed', async () => {
    const backends = openSqliteBackends(':memory:');
    await storeByDefault(backends, LOCAL, PLAIN);
    await backends.index.upsert([byDefault(LOCAL), byDefault(PLAIN)]);

    const summary = await remapStore(backends, withLocal);

    expect(summary).toMatchObject({ records: 2, changed: 1, unchanged: 1, failed: 0 });
    const [local, plain] = await backends.store.getMany(['local-1', 'plain-1']);
    expect([local?.version, local?.document.local]).toEqual([2, ['Ashby (Mass.)', 'Town archive']]);
    expect(plain?.version).toBe(1);
    const found = await backends.index.search({ query: parseQuery(''), facets: [{ field: 'local' }] });
    expect(found.facets?.local).toEqual([
      { value: 'Ashby (Mass.)', count: 1 },
      { value: 'Town archive', count: 1 },
    ]);
    await backends.close();
  });

  test('when it runs again with the same profile, then nothing changes', async () => {
    const backends = openSqliteBackends(':memory:');
    await storeByDefault(backends, LOCAL, PLAIN);
    await remapStore(backends, withLocal);

    const again = await remapStore(backends, withLocal, { batch: 1 });

    expect(again).toMatchObject({ records: 2, changed: 0, unchanged: 2, failed: 0 });
    await backends.close();
  });

  test('when pages are small, then a record stored again is not met a second time at the end of the feed', async () => {
    const backends = openSqliteBackends(':memory:');
    await storeByDefault(backends, LOCAL, PLAIN);
    const seen: number[] = [];

    const summary = await remapStore(backends, withLocal, { batch: 1, progress: (n) => seen.push(n) });

    expect(summary.records).toBe(2);
    expect(seen[seen.length - 1]).toBe(2);
    await backends.close();
  });

  test('when a record no longer maps, then it is reported by id and keeps its document; the rest are re-mapped', async () => {
    const backends = openSqliteBackends(':memory:');
    await storeByDefault(backends, LOCAL, PLAIN);
    const failing: MapRecord = (record) => {
      if (record.getControl('001') === 'plain-1') throw new Error('no title rule for this one');
      return withLocal(record);
    };
    const failures: RemapFailure[] = [];

    const summary = await remapStore(backends, failing, { failed: (f) => failures.push(f) });

    expect(summary).toMatchObject({ records: 2, changed: 1, unchanged: 0, failed: 1 });
    expect(failures).toEqual([{ id: 'plain-1', reason: 'mapping failed: no title rule for this one' }]);
    const plain = await backends.store.get('plain-1');
    expect([plain?.version, plain?.document]).toEqual([1, byDefault(PLAIN)]);
    await backends.close();
  });

  test('when a record was overlaid onto another id, then it keeps that id and its alternate ids', async () => {
    const backends = openSqliteBackends(':memory:');
    const overlaid = { ...byDefault(LOCAL), id: 'main-9', alternateIds: ['local-1'] };
    await backends.store.upsertMany([{ record: LOCAL, document: overlaid }]);

    await remapStore(backends, withLocal);

    const stored = await backends.store.get('main-9');
    expect(stored).toMatchObject({ version: 2, document: { id: 'main-9', alternateIds: ['local-1'] } });
    expect(stored?.document.local).toEqual(['Ashby (Mass.)', 'Town archive']);
    expect(await backends.store.get('local-1')).toBeUndefined();
    await backends.close();
  });

  test('when store and index are a composed pair, then the records stored again wait in the outbox', async () => {
    const backends = composed();
    await storeByDefault(backends, LOCAL, PLAIN);
    await backends.store.markIndexed([
      { id: 'local-1', version: 1 },
      { id: 'plain-1', version: 1 },
    ]);

    await remapStore(backends, withLocal);

    expect((await backends.store.pendingIndexWork({ limit: 10 })).items).toEqual([
      { id: 'local-1', version: 2, deleted: false },
    ]);
  });

  test('when another writer stores a record between the read and the write, then its write stands and the page is read again', async () => {
    const backends = composed();
    await storeByDefault(backends, LOCAL, PLAIN);
    const newer = mrk(`
=001  local-1
=245  00$aA town history, revised.
=690  \\7$aAshby (Mass.)$2local`);
    const store = backends.store;
    let raced = false;
    const racing: Backends = {
      ...backends,
      store: Object.assign(Object.create(store) as RecordStore, {
        async changes(options: Parameters<RecordStore['changes']>[0]) {
          const page = await store.changes(options);
          if (!raced) await storeByDefault(backends, newer);
          raced = true;
          return page;
        },
      }),
    };

    const summary = await remapStore(racing, withLocal);

    expect(summary).toMatchObject({ records: 2, changed: 1, unchanged: 1, failed: 0 });
    const local = await store.get('local-1');
    expect([local?.version, local?.document.title, local?.document.local]).toEqual([
      3,
      'A town history, revised',
      ['Ashby (Mass.)'],
    ]);
  });
});
