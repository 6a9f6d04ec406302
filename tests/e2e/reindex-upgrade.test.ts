import type { Client } from '@elastic/elasticsearch';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends, type BackendsConfig } from '../../src/backends/open-backends';
import { serve } from '../../src/cli/serve.command';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createSearchClient } from '../../src/connections/search-client';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { aliasTargets } from '../../src/search/elastic/index-alias';
import { indexMappings, indexSettings, MAPPING_VERSION } from '../../src/search/elastic/index-settings';
import { parseQuery } from '../../src/search/query/parser';
import { sampleBooks } from '../support/books';
import { stacksInProcessWith as stacks, withEnv } from '../support/cli-in-process';
import { describeWithMongo, describeWithSearch } from '../support/services';
import { mrk } from '../unit/mapping/mrk-record';

/**
 * An upgrade whose build changed the search index's version (the engine's MAPPING_VERSION, the
 * embedded SCHEMA_VERSION): every command refuses the old index with one line naming
 * `stacks reindex`, which replaces it, and then the catalog serves again (docs/search-elastic.md,
 * "Upgrading across a mapping version"). Each suite uses servers only inside its hooks and tests,
 * so without them it is skipped and says so.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'stacks-upgrade-'));
const books = path.join(dir, 'books.mrc');
const local = path.join(dir, 'local.mrc');
const PROFILE = path.resolve(__dirname, '..', '..', 'ingest', 'profile', 'local-fields.profile.json');
writeFileSync(books, Buffer.concat(sampleBooks().map(toIso2709)));
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithSearch('stacks reindex after an upgrade that changed the engine mapping', (target) => {
  const alias = `stacks-upgrade-${process.pid}-${Date.now().toString(36)}`;
  const db = path.join(dir, 'engine.db');
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
    expect((await stacks(env, 'ingest', books, local, '--profile', PROFILE, '--db', db, '-q')).code).toBe(0);
    const old = await downgradeIndex();
    const refusal = `stacks: The search index ${old} has mapping version ${MAPPING_VERSION - 1}; this build needs ${MAPPING_VERSION}. Rebuild it (stacks reindex). (search_index_version)\n`;

    expect(await stacks(env, 'serve', '--db', db, '--port', '0', '--no-samples')).toEqual({
      code: 2,
      stderr: refusal,
    });
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
    const total = await withEnv(env, async () => {
      const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const serving = await serve({ db, port: '0', samples: false }).finally(() => out.mockRestore());
      try {
        const port = (serving.server.address() as AddressInfo).port;
        const answer = await fetch(`http://127.0.0.1:${port}/search?facets=local`);
        return ((await answer.json()) as { total: number }).total;
      } finally {
        await serving.stop();
      }
    });
    expect(total).toBe(4);
  });
});

describeWithMongo('stacks reindex of an embedded index beside a MongoDB store', (mongoUrl) => {
  const name = `stacks_upgrade_${process.pid}_${Date.now().toString(36)}`;
  const db = path.join(dir, 'beside-mongo.db');
  const url = mongoUrl.replace(/^(mongodb:\/\/[^/?]+)(\/[^?]*)?/, `$1/${name}`);
  const env = { STACKS_STORE: 'mongodb', MONGODB_URL: url, STACKS_INDEX: 'sqlite', LOG_LEVEL: 'silent' };

  afterAll(async () => {
    const connection = await connectMongo(url);
    await connection.dropDatabase();
    await disconnectMongo(connection);
  });

  test('when the embedded index has another schema version, then search refuses it and reindex rebuilds it', async () => {
    expect((await stacks(env, 'ingest', books, '--db', db, '-q')).code).toBe(0);
    const raw = new Database(db);
    raw.prepare(`UPDATE search_meta SET value = '0' WHERE key = 'schema_version'`).run();
    raw.close();
    const refused = await stacks(env, 'search', 'tolstoy', '--db', db);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('(search_index_version)') });

    const rebuilt = await stacks(env, 'reindex', '--db', db, '-q');

    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/^reindex: 3 records loaded into a new index, .*; 0 still pending/);
    const backends = await openBackends({
      dbPath: db,
      store: 'mongodb',
      mongoUrl: url,
      index: 'sqlite',
      indexName: 'stacks',
    });
    try {
      const found = await backends.index.search({ query: parseQuery('tolstoy') });
      expect(found.hits.map((h) => h.id)).toContain('(StK)stk000001');
    } finally {
      await backends.close();
    }
  });
});
