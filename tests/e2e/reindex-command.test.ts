import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../src/backends/open-backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { parseQuery } from '../../src/search/query/parser';
import { sampleBooks } from '../support/books';
import { scaleOutCatalog } from '../support/scale-out';
import { stacksInProcessWith } from '../support/cli-in-process';
import { describeWithServices } from '../support/services';
import { syntheticRecord } from '../support/synthetic';

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-reindex-'));
const books = path.join(dir, 'books.mrc');
writeFileSync(books, Buffer.concat(sampleBooks().map(toIso2709)));

const stacks = stacksInProcessWith;

describe('stacks reindex on the embedded catalog', () => {
  test('when the index lost a record, then reindex rebuilds it from the store and search finds it again', async () => {
    const db = path.join(dir, 'embedded.db');
    expect((await stacks({}, 'ingest', books, '--db', db, '-q')).code).toBe(0);
    const damaged = openSqliteBackends(db);
    await damaged.index.remove(['(StK)stk000001']);
    await damaged.close();

    const rebuilt = await stacks({}, 'reindex', '--db', db);

    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/reindex: 3 records loaded into a new index, .*; 0 still pending/);
    const check = openSqliteBackends(db);
    expect(await check.index.count()).toBe(3);
    const found = await check.index.search({ query: parseQuery('tolstoy') });
    expect(found.hits.map((h) => h.id)).toContain('(StK)stk000001');
    await check.close();
  });

  test('when the index was written by another schema version, then reindex replaces it and the catalog opens again', async () => {
    const db = path.join(dir, 'stale.db');
    await stacks({}, 'ingest', books, '--db', db, '-q');
    const raw = new Database(db);
    raw.prepare(`UPDATE search_meta SET value = '0' WHERE key = 'schema_version'`).run();
    raw.close();
    expect((await stacks({}, 'search', 'tolstoy', '--db', db)).stderr).toContain('search_index_version');

    const rebuilt = await stacks({}, 'reindex', '--db', db);

    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toContain('reindex: 3 records loaded into a new index');
    expect((await stacks({}, 'search', 'tolstoy', '--db', db)).code).toBe(0);
  });

  test('when records were stored before documents had a local field, then reindex reads them as having none', async () => {
    const db = path.join(dir, 'older-documents.db');
    await stacks({}, 'ingest', books, '--db', db, '-q');
    const raw = new Database(db);
    raw.prepare(`UPDATE records SET document = json_remove(document, '$.local')`).run();
    raw.close();

    const rebuilt = await stacks({}, 'reindex', '--db', db);

    expect(rebuilt.code).toBe(0);
    const check = openSqliteBackends(db);
    const [stored] = await check.store.getMany(['(StK)stk000001']);
    expect(stored?.document.local).toEqual([]);
    const found = await check.index.search({ query: parseQuery('tolstoy'), facets: [{ field: 'local' }] });
    expect(found).toMatchObject({ total: 1, facets: { local: [] } });
    await check.close();
  });

  test('when nothing waits for the index, then reindex --pending says so and exits 0', async () => {
    const db = path.join(dir, 'pending.db');
    await stacks({}, 'ingest', books, '--db', db, '-q');

    const result = await stacks({}, 'reindex', '--pending', '--db', db);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/reindex --pending: 0 indexed, 0 removed, 0 refused; 0 still pending/);
  });

  test('when the catalog file does not exist, then reindex refuses to make one (exit 2)', async () => {
    const result = await stacks({}, 'reindex', '--db', path.join(dir, 'nothing-here.db'));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('store_unavailable');
  });
});

describeWithServices('stacks reindex --pending on MongoDB + the search engine', (services) => {
  const catalog = scaleOutCatalog(services, 'reindex');
  afterAll(() => catalog.drop());

  test('when records were stored while the index missed them, then reindex --pending indexes them and nothing stays pending', async () => {
    await catalog.clear();
    const backends = await openBackends(catalog.config);
    const map = createDefaultMapper();
    // Stored only: what a batch leaves behind when the engine is down.
    await backends.store.upsertMany(
      [1, 2, 3].map((n) => ({ record: syntheticRecord(n), document: map(syntheticRecord(n)) })),
    );
    expect(await backends.store.pendingIndexCount()).toBe(3);
    await backends.close();

    const result = await stacks(catalog.env, 'reindex', '--pending', '-q');

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/reindex --pending: 3 indexed, 0 removed, 0 refused; 0 still pending/);
    const after = await openBackends(catalog.config);
    expect(await after.index.count()).toBe(3);
    expect(await after.store.pendingIndexCount()).toBe(0);
    await after.close();
  });
});
