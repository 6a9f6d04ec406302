import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import {
  fillSynthetic,
  openPooledCatalog,
  spawnStalledReadWorker,
  type PooledCatalog,
} from '../support/pooled-catalog';
import { spawnSourceReadWorker } from '../support/read-pool-workers';
import { checked } from './support/api-fixture';

/**
 * The API over the read pool (issue 10): catalog reads run on worker threads, so the HTTP thread
 * keeps answering while they run or wait; a read past its budget, or one too many waiting, is a
 * 503 with Retry-After. Every server here counts the /search requests it has received, so a test
 * can wait until all of them are in the server before it asks something else.
 */
const BROAD = '/search?q=history&facets=format,language,author,year&limit=20';

interface Served {
  server: Server;
  received(): number;
  close(): Promise<void>;
}

async function serveApp(c: PooledCatalog): Promise<Served> {
  const app = createApp({ backends: c.pooled, onUnexpected: () => undefined });
  let searches = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/search')) searches += 1;
    void app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    received: () => searches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

function url(served: Served, path: string): string {
  return `http://127.0.0.1:${(served.server.address() as AddressInfo).port}${path}`;
}

describe('API over the read pool: searches off the event loop', () => {
  let c: PooledCatalog;
  let served: Served;
  beforeAll(async () => {
    c = await openPooledCatalog({ searchWorkers: 1, fill: (w) => fillSynthetic(w, 1, 3000) });
    served = await serveApp(c);
  }, 120_000);
  afterAll(async () => {
    await served.close();
    await c.close();
  });

  test('when many broad searches are in the server, then /health is answered before they all are', async () => {
    const answered: string[] = [];
    const searches = Array.from({ length: 32 }, () =>
      fetch(url(served, BROAD)).then(async (res) => {
        await res.text();
        answered.push(`search ${res.status}`);
      }),
    );
    // Every search has reached a route (in-process, each would already have run to its end).
    await until(() => served.received() === 32);
    const health = await fetch(url(served, '/health'));
    answered.push(`health ${health.status}`);
    await Promise.all(searches);
    expect(answered.filter((a) => a === 'search 200')).toHaveLength(32);
    expect(answered.indexOf('health 200')).toBeLessThan(answered.length - 1);
  });

  test('when a record is read through the pool, then every representation is served', async () => {
    const json = await checked(request(served.server).get('/records/syn0000042'));
    expect(json.body).toMatchObject({ id: 'syn0000042', version: 1 });
    const xml = await checked(request(served.server).get('/records/syn0000042?format=marcxml'));
    expect(xml.text).toContain('syn0000042');
    const lookup = await checked(request(served.server).get('/lookup?id=syn0000042'));
    expect(lookup.body.matches).toHaveLength(1);
  });
});

describe('API over the read pool: budget and queue', () => {
  test('when a search outlives its budget, then 503 search_timeout with Retry-After, while /health and /ready answer', async () => {
    const c = await openPooledCatalog({ searchTimeoutMs: 300, spawn: spawnStalledReadWorker });
    const served = await serveApp(c);
    try {
      const search = checked(request(served.server).get(BROAD));
      await until(() => served.received() === 1);
      expect((await checked(request(served.server).get('/health'))).status).toBe(200);
      expect((await checked(request(served.server).get('/ready'))).status).toBe(200);
      const res = await search;
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'search_timeout', status: 503 });
      expect(res.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    } finally {
      await served.close();
      await c.close();
    }
  });

  test('when the read queue is full, then one more search is 503 search_overloaded at once', async () => {
    const c = await openPooledCatalog({
      searchQueue: 1,
      searchTimeoutMs: 60_000,
      spawn: spawnStalledReadWorker,
    });
    const served = await serveApp(c);
    const held = [1, 2].map(() => fetch(url(served, BROAD)).then((res) => res.status));
    try {
      await until(() => served.received() === 2);
      const res = await checked(request(served.server).get('/browse/title?from=a'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'search_overloaded' });
      expect(res.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    } finally {
      await c.close();
      expect(await Promise.all(held)).toEqual([503, 503]);
      await served.close();
    }
  });

  test('when every search worker is busy, then /records and /lookup are answered at once', async () => {
    const c = await openPooledCatalog({
      searchTimeoutMs: 60_000,
      fill: (w) => fillSynthetic(w, 1, 20),
      spawn: (setup) => (setup.index ? spawnStalledReadWorker() : spawnSourceReadWorker(setup)),
    });
    const served = await serveApp(c);
    const held = fetch(url(served, BROAD)).then((res) => res.status);
    try {
      await until(() => served.received() === 1);
      expect((await checked(request(served.server).get('/records/syn0000005'))).status).toBe(200);
      const lookup = await checked(request(served.server).get('/lookup?id=syn0000005'));
      expect(lookup.body.matches).toHaveLength(1);
    } finally {
      await c.close();
      expect(await held).toBe(503);
      await served.close();
    }
  });
});
