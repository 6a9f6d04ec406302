import { AsyncLocalStorage } from 'node:async_hooks';
import type { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import type { SearchIndex } from '../search/port';
import type { RecordStore } from '../store/port';
import type { Backends } from './backends';
import { ReadPool, readPoolAvailable } from './read-pool';
import type { ReadCall, ReadWorkerSetup } from './read-pool.protocol';

export type ReadPoolConfig = Pick<
  Config,
  'dbPath' | 'store' | 'index' | 'searchWorkers' | 'searchTimeoutMs' | 'searchQueue'
>;

/**
 * The backends with their embedded reads on a pool of worker threads, when the configuration asks
 * for workers and the catalog is a file they can open (a `:memory:` database lives in one
 * connection only); otherwise `backends` as they are. Close the result, not `backends`.
 */
export async function openReadPool(
  backends: Backends,
  config: ReadPoolConfig,
  spawn?: (setup: ReadWorkerSetup) => Worker,
): Promise<Backends> {
  const setup: ReadWorkerSetup = {
    dbPath: config.dbPath,
    store: config.store === 'sqlite',
    index: config.index === 'sqlite',
  };
  if (config.searchWorkers === 0 || config.dbPath === ':memory:') return backends;
  if ((!setup.store && !setup.index) || (!spawn && !readPoolAvailable())) return backends;
  const pool = await ReadPool.open({
    setup,
    workers: config.searchWorkers,
    timeoutMs: config.searchTimeoutMs,
    queue: config.searchQueue,
    ...(spawn && { spawn }),
  });
  return withReadPool(backends, pool, setup);
}

type Read = <T>(call: ReadCall, direct: () => Promise<T>) => Promise<T>;

/**
 * Reads of the sides the pool holds go to its workers; writes, and every read made inside a unit
 * of work (which must see that unit's own uncommitted writes), stay on `backends`, whose one
 * connection remains the only writer. Which calls are inside a unit is known from the async
 * context `atomically` opens, not from object identity.
 */
export function withReadPool(
  backends: Backends,
  pool: ReadPool,
  sides: Pick<ReadWorkerSetup, 'store' | 'index'>,
): Backends {
  const unit = new AsyncLocalStorage<true>();
  function read<T>(call: ReadCall, direct: () => Promise<T>): Promise<T> {
    return unit.getStore() ? direct() : (pool.run(call) as Promise<T>);
  }
  const pooled: Backends = {
    store: sides.store ? pooledStore(backends.store, read) : backends.store,
    index: sides.index ? pooledIndex(backends.index, read) : backends.index,
    atomically: (work) => backends.atomically(() => unit.run(true, work)),
    direct: { store: backends.store, index: backends.index },
    describe: () => `${backends.describe()}, reads on ${pool.size} worker threads`,
    async close() {
      await pool.close();
      await backends.close();
    },
  };
  if (backends.indexOutbox) pooled.indexOutbox = backends.indexOutbox;
  return pooled;
}

function pooledIndex(index: SearchIndex, read: Read): SearchIndex {
  return {
    search: (request) =>
      read({ port: 'index', method: 'search', args: [request] }, () => index.search(request)),
    browse: (request) =>
      read({ port: 'index', method: 'browse', args: [request] }, () => index.browse(request)),
    count: () => read({ port: 'index', method: 'count', args: [] }, () => index.count()),
    upsert: (documents) => index.upsert(documents),
    remove: (ids) => index.remove(ids),
    rebuild: (batches) => index.rebuild(batches),
    close: () => index.close(),
  };
}

function pooledStore(store: RecordStore, read: Read): RecordStore {
  const call = (method: ReadCall['method'] & keyof RecordStore, args: unknown[]): ReadCall =>
    ({ port: 'store', method, args }) as ReadCall;
  return {
    get: (id) => read(call('get', [id]), () => store.get(id)),
    getMany: (ids) => read(call('getMany', [ids]), () => store.getMany(ids)),
    getTombstone: (id) => read(call('getTombstone', [id]), () => store.getTombstone(id)),
    findIds: (kind, values) => read(call('findIds', [kind, values]), () => store.findIds(kind, values)),
    count: () => read(call('count', []), () => store.count()),
    changes: (options) => read(call('changes', [options]), () => store.changes(options)),
    pendingIndexWork: (options) =>
      read(call('pendingIndexWork', [options]), () => store.pendingIndexWork(options)),
    pendingIndexCount: () => read(call('pendingIndexCount', []), () => store.pendingIndexCount()),
    upsertMany: (inputs) => store.upsertMany(inputs),
    deleteMany: (ids) => store.deleteMany(ids),
    markIndexed: (items) => store.markIndexed(items),
    close: () => store.close(),
  };
}
