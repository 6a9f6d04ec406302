import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBackends } from '../../src/backends/open-backends';
import { seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { serve } from '../../src/cli/serve.command';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { SearchService } from '../../src/services/search.service';
import { sampleBooks } from '../support/books';
import { scaleOutCatalog, type ScaleOutCatalog } from '../support/scale-out';
import { describeWithServices } from '../support/services';
import { describeBuilt, testBuilt } from '../support/built';
import { syntheticFile, syntheticRecord } from '../support/synthetic';

/**
 * The built command (`node bin/stacks.js`, dist/ from `npm run build`) configured only through the
 * environment, as docker-compose.yml configures it: MongoDB + the search engine when the test
 * servers run, and servers that do not answer, which needs none.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'stacks.js');
const BACKEND_VARIABLES = ['STACKS_STORE', 'STACKS_INDEX', 'MONGODB_URL', 'SEARCH_URL', 'STACKS_INDEX_NAME'];

const dir = mkdtempSync(path.join(tmpdir(), 'stacks-scale-out-'));
const books = path.join(dir, 'books.mrc');
writeFileSync(books, Buffer.concat(sampleBooks().map(toIso2709)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI with exactly these backend variables (none inherited from the test's shell). */
function stacks(env: Record<string, string>, ...args: string[]) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !BACKEND_VARIABLES.includes(name)),
  );
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...inherited, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describeBuilt('the built CLI when a server does not answer', () => {
  test('when MongoDB is unreachable, then ingest exits 2 with store_unavailable naming the URL without its password', () => {
    const env = {
      STACKS_STORE: 'mongodb',
      MONGODB_URL: 'mongodb://librarian:pw-9f3e1@127.0.0.1:1/x',
      STACKS_DB: path.join(dir, 'down-mongo.db'),
    };

    const result = stacks(env, 'ingest', books, '-q');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot reach the MongoDB record store at mongodb://***@127.0.0.1:1/x');
    expect(result.stderr).toContain('(store_unavailable)');
    expect(result.stderr + result.stdout).not.toMatch(/pw-9f3e1|librarian/);
  });

  test('when the search engine is unreachable, then serve exits 2 with index_unavailable and no password', () => {
    const env = {
      STACKS_INDEX: 'opensearch',
      SEARCH_URL: 'http://opsuser:pw-77ab@127.0.0.1:1',
      STACKS_DB: path.join(dir, 'down-search.db'),
    };

    const result = stacks(env, 'serve', '--no-samples', '--port', '0');

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /cannot reach the opensearch search engine at http:\/\/\*\*\*@127\.0\.0\.1:1: .*\(index_unavailable\)/,
    );
    expect(result.stderr + result.stdout).not.toMatch(/pw-77ab|opsuser/);
  });

  test('when a scale-out choice lacks its URL, then the command exits 2 naming the variable', () => {
    const result = stacks({ STACKS_STORE: 'mongodb', STACKS_INDEX: 'elasticsearch' }, 'search', 'war');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('MONGODB_URL is required when STACKS_STORE=mongodb');
    expect(result.stderr).toContain('SEARCH_URL is required when STACKS_INDEX=elasticsearch');
    expect(result.stderr).toContain('(invalid_config)');
  });
});

describeWithServices('the built CLI on MongoDB and the search engine', (services) => {
  let catalog: ScaleOutCatalog;
  const state = path.join(dir, 'state', 'stacks.db');
  beforeAll(() => {
    catalog = scaleOutCatalog(services, 'e2e');
  });
  afterAll(() => catalog.drop());

  testBuilt(
    'when records are ingested, then search finds them, a second load finds them unchanged, and no local file is made',
    () => {
      const env = { ...catalog.env, STACKS_DB: state };

      const first = stacks(env, 'ingest', books, '-q');
      const found = stacks(env, 'search', 'tolstoy', '--json');
      const again = stacks(env, 'ingest', books, '-q');

      expect(first.stderr).toMatch(/created\s+3/);
      expect(first.status).toBe(0);
      const result = JSON.parse(found.stdout) as { total: number; hits: { id: string }[] };
      expect(result.hits.map((h) => h.id)).toContain('(StK)stk000001');
      expect(again.stderr).toMatch(/unchanged\s+3/);
      expect(existsSync(state)).toBe(false);
    },
  );

  testBuilt(
    'when a file holding an id twice is ingested five times, then each run rejects the later record and versions stay at 1',
    async () => {
      const env = { ...catalog.env, STACKS_DB: state };
      const twice = path.join(dir, 'twice.mrc');
      const revised = syntheticRecord(701);
      revised.fields.push({
        tag: '500',
        ind1: ' ',
        ind2: ' ',
        subfields: [{ code: 'a', value: 'Revised.' }],
      });
      writeFileSync(twice, Buffer.concat([syntheticFile(3, 700), toIso2709(revised)]));
      for (let run = 1; run <= 5; run++) {
        const result = stacks(env, 'ingest', twice, '-q');
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`${run === 1 ? 'created' : 'unchanged'}\\s+3`));
        expect(result.stderr).toMatch(/rejected\s+1/);
      }
      const backends = await openBackends(catalog.config);
      try {
        const stored = await backends.store.getMany(['syn0000700', 'syn0000701', 'syn0000702']);
        expect(stored.map((r) => r.version)).toEqual([1, 1, 1]);
      } finally {
        await backends.close();
      }
    },
  );

  testBuilt(
    'when the store answers but the search engine does not, then the command exits 2 at once, its MongoDB connection closed',
    () => {
      const result = stacks({ ...catalog.env, SEARCH_URL: 'http://127.0.0.1:1' }, 'search', 'war');

      expect(result.status).toBe(2);
      expect(result.stderr).toContain('(index_unavailable)');
    },
  );

  test('when serve starts on the pair, then /ready counts their records and keys and jobs go to the local file', async () => {
    await catalog.clear();
    await seedTwiceOn(catalog);
    const local = path.join(dir, 'serve-state', 'stacks.db');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const serving = await withEnv({ ...catalog.env, LOG_LEVEL: 'silent' }, () =>
      serve({ db: local, port: '0', samples: false }),
    ).finally(() => out.mockRestore());
    try {
      const { port } = serving.server.address() as AddressInfo;
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { store: 'ok', index: 'ok' },
        records: 4,
        indexLag: 0,
      });
      expect(existsSync(local)).toBe(true);
    } finally {
      await serving.stop();
    }
  });

  test.each([
    ['mongodb', 'sqlite'],
    ['sqlite', 'search engine'],
  ])(
    'when the store is %s and the index %s, then a record written is read back and found',
    async (store, index) => {
      await catalog.clear();
      const local = path.join(dir, `mixed-${store}.db`);
      const config = {
        ...catalog.config,
        dbPath: local,
        ...(store === 'sqlite' && { store: 'sqlite' as const }),
        ...(index === 'sqlite' && { index: 'sqlite' as const }),
      };
      const backends = await openBackends(config);
      try {
        const map = createDefaultMapper();
        const inputs = sampleBooks().map((record) => ({ record, document: map(record) }));
        await backends.atomically(async () => {
          await backends.store.upsertMany(inputs);
          await backends.index.upsert(inputs.map((i) => i.document));
        });
        expect((await backends.store.get('(StK)stk000001'))?.version).toBe(1);
        expect(
          (await new SearchService(backends.index).search({ q: 'tolstoy' })).hits.map((h) => h.id),
        ).toContain('(StK)stk000001');
        expect(backends.describe()).toMatch(
          new RegExp(`^${store === 'sqlite' ? 'sqlite /' : 'mongodb mongodb://'}`),
        );
        expect(existsSync(local)).toBe(true);
      } finally {
        await backends.close();
      }
    },
  );

  test('when the search URL carries credentials, then describe() names the node without them', async () => {
    const searchUrl = services.search.url.replace('//', '//opsuser:pw-5c1d@');
    const config = {
      ...catalog.config,
      store: 'sqlite' as const,
      dbPath: path.join(dir, 'credentials.db'),
      searchUrl,
    };

    const backends = await openBackends(config);
    const described = backends.describe();
    await backends.close();

    expect(described).toContain(`${services.search.engine} ${services.search.url.replace('//', '//***@')}`);
    expect(described).not.toMatch(/pw-5c1d|opsuser/);
  });
});

/** The sample seeding on the pair: the empty catalog gets the files; a second call, finding records, nothing. */
async function seedTwiceOn(catalog: ScaleOutCatalog): Promise<void> {
  const samples = mkdtempSync(path.join(dir, 'samples-'));
  writeFileSync(path.join(samples, 'one.mrc'), syntheticFile(4));
  const backends = await openBackends(catalog.config);
  try {
    const first = await seedSamplesIfEmpty(backends, createDefaultMapper(), samples);
    const second = await seedSamplesIfEmpty(backends, createDefaultMapper(), samples);
    expect(first?.counts?.created).toBe(4);
    expect(second).toBeUndefined();
  } finally {
    await backends.close();
  }
}

async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
