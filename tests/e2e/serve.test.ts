import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { sampleFiles, seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { openKeyStore } from '../../src/api/security/sqlite.key-store';
import { KEEP_ALIVE_TIMEOUT_MS, serve } from '../../src/cli/serve.command';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { toMrk } from '../../src/marc/writers/mrk.writer';
import { sampleBooks } from '../support/books';
import { syntheticFile } from '../support/synthetic';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-serve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sample seeding', () => {
  test('when the samples folder has MARC files, then only those with sample extensions are found, sorted', () => {
    writeFileSync(path.join(dir, 'b.mrc'), syntheticFile(2));
    writeFileSync(path.join(dir, 'a.xml'), toMarcXml(sampleBooks()[0]!));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a sample');
    expect(sampleFiles(dir).map((f) => path.basename(f))).toEqual(['a.xml', 'b.mrc']);
    expect(sampleFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  test('when the catalog is empty, then every sample file is loaded; when it is not, then nothing is', async () => {
    writeFileSync(path.join(dir, 'one.mrc'), syntheticFile(3));
    writeFileSync(path.join(dir, 'two.mrk'), sampleBooks().map(toMrk).join('\n'));
    const backends = openSqliteBackends(':memory:');
    const map = createDefaultMapper();
    const first = await seedSamplesIfEmpty(backends, map, dir);
    const second = await seedSamplesIfEmpty(backends, map, dir);
    expect(first?.counts?.created).toBe(3 + sampleBooks().length);
    expect(second).toBeUndefined();
    expect(await backends.store.count()).toBe(3 + sampleBooks().length);
    await backends.close();
  });
});

describe('stacks serve', () => {
  test('when started on a fresh database, then it listens and answers /health and /ready, and stops cleanly', async () => {
    process.env.LOG_LEVEL = 'silent';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const serving = await serve({ db: path.join(dir, 'catalog.db'), port: '0', samples: false });
      const { port } = serving.server.address() as AddressInfo;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(await ready.json()).toMatchObject({ status: 'ready', records: 0 });
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain(`http://localhost:${port}/docs`);
      expect(serving.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
      await serving.stop();
    } finally {
      out.mockRestore();
      delete process.env.LOG_LEVEL;
    }
  });

  test('when given rate-limit policies, then the limiter applies them instead of the defaults; without, the defaults', async () => {
    process.env.LOG_LEVEL = 'silent';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const db = path.join(dir, 'catalog.db');
      const policyOf = async (serving: Awaited<ReturnType<typeof serve>>): Promise<string | null> => {
        const { port } = serving.server.address() as AddressInfo;
        const res = await fetch(`http://127.0.0.1:${port}/openapi.json`);
        await serving.stop();
        return res.headers.get('RateLimit-Policy');
      };
      const lifted = await serve(
        { db, port: '0', samples: false },
        { rateLimits: { capacity: 1_000_000, refillPerSecond: 1_000_000 } },
      );
      expect(await policyOf(lifted)).toBe('"public";q=1000000;w=1');
      expect(await policyOf(await serve({ db, port: '0', samples: false }))).toBe('"public";q=60;w=30');
    } finally {
      out.mockRestore();
      delete process.env.LOG_LEVEL;
    }
  });

  test('when rate limits are set in the environment, then a burst of N+1 gets 429 on the last, per role, and probes still pass', async () => {
    const env = {
      LOG_LEVEL: 'silent',
      STACKS_RATE_PUBLIC_BURST: '3',
      STACKS_RATE_PUBLIC_PER_SECOND: '0.001',
      STACKS_RATE_READER_BURST: '5',
      STACKS_RATE_READER_PER_SECOND: '0.001',
    };
    Object.assign(process.env, env);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const db = path.join(dir, 'catalog.db');
    const { keys, close } = openKeyStore(db);
    const { secret } = await keys.create({ name: 'opac', role: 'reader' });
    close();
    try {
      const serving = await serve({ db, port: '0', samples: false });
      const { port } = serving.server.address() as AddressInfo;
      const get = (urlPath: string, headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}${urlPath}`, { headers }).then((r) => r.status);
      const burst = async (n: number, headers?: Record<string, string>) => {
        const statuses: number[] = [];
        for (let i = 0; i < n; i++) statuses.push(await get('/search?q=x', headers));
        return statuses;
      };

      const anonymous = await burst(4);
      const reader = await burst(6, { authorization: `Bearer ${secret}` });
      const probes = [await get('/health'), await get('/ready')];
      await serving.stop();

      expect(anonymous).toEqual([200, 200, 200, 429]);
      expect(reader).toEqual([200, 200, 200, 200, 200, 429]);
      expect(probes).toEqual([200, 200]);
    } finally {
      out.mockRestore();
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
});
