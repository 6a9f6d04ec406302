import { AppError } from '../../../src/errors/app-error';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { MarcRecord } from '../../../src/marc/record';
import { parseQuery } from '../../../src/search/query/parser';
import type { SearchRequest } from '../../../src/search/port';
import { syntheticRecord } from '../../support/synthetic';
import {
  fillSynthetic,
  openPooledCatalog,
  spawnExitingReadWorker,
  spawnStalledReadWorker,
  type PooledCatalog,
} from '../../support/pooled-catalog';
import { spawnSourceReadWorker } from '../../support/read-pool-workers';

const broad: SearchRequest = {
  query: parseQuery('history')!,
  facets: [{ field: 'format' }, { field: 'language' }, { field: 'author' }, { field: 'year' }],
  limit: 10,
  highlight: true,
};

describe('read pool: reads on worker threads, writes on the one writer', () => {
  let c: PooledCatalog;
  beforeAll(async () => {
    c = await openPooledCatalog({ fill: (w) => fillSynthetic(w, 1, 200) });
  });
  afterAll(() => c.close());

  test('when reads go through the pool, then they answer what the writer connection answers', async () => {
    const { writer, pooled } = c;
    expect(await pooled.index.search(broad)).toEqual(await writer.index.search(broad));
    expect(await pooled.index.search({ limit: 5, sort: 'title' })).toEqual(
      await writer.index.search({ limit: 5, sort: 'title' }),
    );
    const browse = { index: 'callnumber', from: 'PS1050', before: 2, after: 5 } as const;
    expect(await pooled.index.browse(browse)).toEqual(await writer.index.browse(browse));
    expect(await pooled.index.count()).toBe(200);
    expect(await pooled.store.count()).toBe(200);
    const ids = ['syn0000007', 'syn0000042', 'nope'];
    expect(await pooled.store.getMany(ids)).toEqual(await writer.store.getMany(ids));
    expect(await pooled.store.findIds('id', ids)).toEqual(await writer.store.findIds('id', ids));
    expect(await pooled.store.changes({ limit: 3 })).toEqual(await writer.store.changes({ limit: 3 }));
  });

  test('when a record comes from a worker, then it is a MarcRecord again', async () => {
    const stored = await c.pooled.store.get('syn0000007');
    expect(stored?.record).toBeInstanceOf(MarcRecord);
    expect(stored?.record.getControl('001')).toBe('syn0000007');
  });

  test('when the writer commits a record, then the next pooled read finds it and the totals move', async () => {
    const before = await c.pooled.index.search({ limit: 1 });
    await fillSynthetic(c.writer, 1000, 1);
    expect(await c.pooled.store.get('syn0001000')).toMatchObject({ id: 'syn0001000', version: 1 });
    // The whole-index total is cached in each connection; a commit elsewhere must invalidate it.
    expect((await c.pooled.index.search({ limit: 1 })).total).toBe(before.total + 1);
    await c.writer.atomically(async () => {
      await c.writer.store.deleteMany(['syn0001000']);
      await c.writer.index.remove(['syn0001000']);
    });
    expect(await c.pooled.store.get('syn0001000')).toBeUndefined();
    expect((await c.pooled.index.search({ limit: 1 })).total).toBe(before.total);
  });

  test('when a unit of work reads what it wrote, then it sees its own uncommitted write', async () => {
    const record = syntheticRecord(2000);
    const seen = await c.pooled.atomically(async () => {
      await c.pooled.store.upsertMany([{ record, document: createDefaultMapper()(record) }]);
      return c.pooled.store.get('syn0002000');
    });
    expect(seen).toMatchObject({ id: 'syn0002000', version: 1 });
  });

  test('when the index is rebuilt on the writer, then pooled searches read the new one', async () => {
    const documents = (await c.writer.store.getMany(['syn0000001', 'syn0000002'])).map((r) => r.document);
    await c.pooled.index.rebuild(
      (async function* () {
        yield documents;
      })(),
    );
    expect((await c.pooled.index.search({ limit: 10 })).hits.map((h) => h.id).sort()).toEqual([
      'syn0000001',
      'syn0000002',
    ]);
  });
});

describe('read pool: budget and queue', () => {
  test('when a read outlives its budget, then it fails search_timeout with a retry time, and its worker is replaced', async () => {
    let spawned = 0;
    const c = await openPooledCatalog({
      searchTimeoutMs: 200,
      spawn: () => {
        spawned += 1;
        return spawnStalledReadWorker();
      },
    });
    try {
      const error = await c.pooled.index.search(broad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'search_timeout', status: 503 });
      expect((error as AppError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      // One search worker and one look-up worker at first, then the search worker's replacement.
      expect(spawned).toBe(3);
      // The fresh worker takes the next search (and, stalled too, times it out as well).
      await expect(c.pooled.index.count()).rejects.toMatchObject({ code: 'search_timeout' });
      expect(spawned).toBe(4);
    } finally {
      await c.close();
    }
  });

  test('when the queue is full, then one more read is refused search_overloaded at once', async () => {
    const c = await openPooledCatalog({
      searchQueue: 2,
      searchTimeoutMs: 60_000,
      spawn: spawnStalledReadWorker,
    });
    const outcomes: string[] = [];
    const pending = [1, 2, 3].map((n) =>
      c.pooled.index.count().catch((e: AppError) => outcomes.push(`${n} ${e.code}`)),
    );
    try {
      // Three accepted (one running, two waiting): the fourth is refused before any of them ends.
      await expect(c.pooled.index.count()).rejects.toMatchObject({
        code: 'search_overloaded',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect(outcomes).toEqual([]);
    } finally {
      await c.close();
    }
    await Promise.all(pending);
    expect(outcomes.sort()).toEqual(['1 index_unavailable', '2 index_unavailable', '3 index_unavailable']);
  });

  test('when every search worker is busy, then record reads and look-ups are still answered', async () => {
    const c = await openPooledCatalog({
      searchTimeoutMs: 60_000,
      fill: (w) => fillSynthetic(w, 1, 20),
      // Searches stall; the look-up lane runs the real worker.
      spawn: (setup) => (setup.index ? spawnStalledReadWorker() : spawnSourceReadWorker(setup)),
    });
    const searches = [1, 2, 3].map(() => c.pooled.index.search(broad).catch((e: AppError) => e.code));
    try {
      expect(await c.pooled.store.get('syn0000003')).toMatchObject({ id: 'syn0000003' });
      expect(await c.pooled.store.findIds('id', ['syn0000004'])).toEqual(
        new Map([['syn0000004', ['syn0000004']]]),
      );
    } finally {
      await c.close();
    }
    expect(await Promise.all(searches)).toEqual([
      'index_unavailable',
      'index_unavailable',
      'index_unavailable',
    ]);
  });

  test('when a worker dies running a read, then that read fails index_unavailable and a fresh worker takes the next', async () => {
    let spawned = 0;
    const c = await openPooledCatalog({
      fill: (w) => fillSynthetic(w, 1, 5),
      // The first search worker says it is ready, then exits at its first call.
      spawn: (setup) => {
        spawned += 1;
        return spawned === 1 ? spawnExitingReadWorker() : spawnSourceReadWorker(setup);
      },
    });
    try {
      await expect(c.pooled.index.count()).rejects.toMatchObject({ code: 'index_unavailable' });
      expect(await c.pooled.index.count()).toBe(5);
    } finally {
      await c.close();
    }
  });
});
