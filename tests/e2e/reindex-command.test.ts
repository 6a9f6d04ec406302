import type { Client } from '@elastic/elasticsearch';
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createSearchClient } from '../../src/connections/search-client';
import { openBackends, type BackendsConfig } from '../../src/backends/open-backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { run } from '../../src/cli/main';
import { serve } from '../../src/cli/serve.command';
import { aliasTargets } from '../../src/search/elastic/index-alias';
import { indexMappings, indexSettings, MAPPING_VERSION } from '../../src/search/elastic/index-settings';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { parseQuery } from '../../src/search/query/parser';
import { sampleBooks } from '../support/books';
import { scaleOutCatalog } from '../support/scale-out';
import { describeWithSearch, describeWithServices } from '../support/services';
import { syntheticRecord } from '../support/synthetic';
import { mrk } from '../unit/mapping/mrk-record';

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-reindex-'));
const books = path.join(dir, 'books.mrc');
writeFileSync(books, Buffer.concat(sampleBooks().map(toIso2709)));

/** Runs the CLI in-process with these environment variables, capturing stderr and the exit code. */
async function stacks(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  Object.assign(process.env, env);
  process.exitCode = 0;
  try {
    await run(['node', 'stacks', ...args]);
    return { code: Number(process.exitCode ?? 0), stderr: lines.join('') };
  } finally {
    spy.mockRestore();
    out.mockRestore();
    process.exitCode = 0;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

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

describeWithSearch('stacks reindex after an upgrade that changed the engine mapping', (target) => {
  const alias = `stacks-upgrade-${process.pid}-${Date.now().toString(36)}`;
  const db = path.join(dir, 'upgrade.db');
  const env = {
    STACKS_STORE: 'sqlite',
    STACKS_INDEX: target.engine,
    SEARCH_URL: target.url,
    STACKS_INDEX_NAME: alias,
    LOG_LEVEL: 'silent',
  };
  const config: BackendsConfig = {
    dbPath: db,
    store: 'sqlite',
    index: target.engine,
    searchUrl: target.url,
    indexName: alias,
  };
  let client: Client;
  const profile = path.resolve(__dirname, '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
  const local = path.join(dir, 'local.mrc');
  writeFileSync(
    local,
    toIso2709(
      mrk(`
=001  local-1
=245  00$aA town history.
=690  \\7$aAshby (Mass.)$2local
=910  \\\\$aTown archive.`),
    ),
  );

  beforeAll(() => {
    client = createSearchClient(target);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${alias}-v*` }, { ignore: [404] });
    await client.close();
  });

  /**
   * What the previous build left behind the alias: an index of the mapping version before this
   * one, without `facet.local` (the mapping is strict: a document that has one is refused).
   */
  async function downgradeIndex(): Promise<string> {
    await client.indices.delete({ index: await aliasTargets(client, alias) });
    const old = `${alias}-v${MAPPING_VERSION - 1}`;
    const mappings = indexMappings();
    delete (mappings.properties?.facet as { properties: Record<string, unknown> }).properties.local;
    await client.indices.create({
      index: old,
      settings: indexSettings(),
      mappings: { ...mappings, _meta: { stacks: { mappingVersion: MAPPING_VERSION - 1 } } },
      aliases: { [alias]: { is_write_index: true } },
    });
    return old;
  }

  test('when the index has the previous mapping version, then serve refuses it naming reindex, reindex replaces it, and serve starts', async () => {
    expect((await stacks(env, 'ingest', books, local, '--profile', profile, '--db', db, '-q')).code).toBe(0);
    const old = await downgradeIndex();
    const refusal = `stacks: The search index ${old} has mapping version ${MAPPING_VERSION - 1}; this build needs ${MAPPING_VERSION}. Rebuild it (stacks reindex). (search_index_version)\n`;

    const refused = await stacks(env, 'serve', '--db', db, '--port', '0', '--no-samples');
    expect(refused).toEqual({ code: 2, stderr: refusal });
    expect(await stacks(env, 'reindex', '--pending', '--db', db)).toEqual({ code: 2, stderr: refusal });

    const rebuilt = await stacks(env, 'reindex', '--db', db, '-q');

    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/^reindex: 4 records loaded into a new index, .*; 0 still pending/);
    const [now] = await aliasTargets(client, alias);
    expect(now).toMatch(new RegExp(`^${alias}-v${MAPPING_VERSION}-`));
    expect(await client.indices.exists({ index: old })).toBe(false);
    const backends = await openBackends(config);
    try {
      const found = await backends.index.search({
        filters: [{ field: 'local', values: ['Town archive'] }],
        facets: [{ field: 'local' }],
      });
      expect(found.hits.map((h) => h.id)).toEqual(['local-1']);
      expect(found.facets.local).toEqual([
        { value: 'Ashby (Mass.)', count: 1 },
        { value: 'Town archive', count: 1 },
      ]);
      expect(await backends.index.count()).toBe(4);
    } finally {
      await backends.close();
    }
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    Object.assign(process.env, env);
    try {
      const serving = await serve({ db, port: '0', samples: false });
      const port = (serving.server.address() as AddressInfo).port;
      const answer = await fetch(`http://127.0.0.1:${port}/search?facets=local`);
      expect(((await answer.json()) as { total: number }).total).toBe(4);
      await serving.stop();
    } finally {
      out.mockRestore();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
