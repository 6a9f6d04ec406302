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
 * Record reads (a record, a look-up by identifier) take a fraction of a millisecond; one worker of
 * their own answers thousands a second, and keeps them from queueing behind broad searches.
 */
export const LOOKUP_WORKERS = 1;

/** The pools reads run on: searches and browses in one, record reads and look-ups in the other. */
export interface ReadLanes {
  search?: ReadPool;
  lookup?: ReadPool;
}

/**
 * The backends with their embedded reads on worker threads, when the configuration asks for
 * workers and the catalog is a file they can open (a `:memory:` database lives in one connection
 * only); otherwise `backends` as they are. Close the result, not `backends`.
 */
export async function openReadPool(
  backends: Backends,
  config: ReadPoolConfig,
  spawn?: (setup: ReadWorkerSetup) => Worker,
): Promise<Backends> {
  if (config.searchWorkers === 0 || config.dbPath === ':memory:') return backends;
  if (!spawn && !readPoolAvailable()) return backends;
  const open = (side: 'store' | 'index', workers: number): Promise<ReadPool> =>
    ReadPool.open({
      setup: { dbPath: config.dbPath, store: side === 'store', index: side === 'index' },
      workers,
      timeoutMs: config.searchTimeoutMs,
      queue: config.searchQueue,
      ...(spawn && { spawn }),
    });
  const lanes: ReadLanes = {};
  try {
    if (config.index === 'sqlite') lanes.search = await open('index', config.searchWorkers);
    if (config.store === 'sqlite') lanes.lookup = await open('store', LOOKUP_WORKERS);
  } catch (error) {
    await Promise.all([lanes.search?.close(), lanes.lookup?.close()]);
    throw error;
  }
  return lanes.search || lanes.lookup ? withReadPool(backends, lanes) : backends;
}

type Read = <T>(call: ReadCall, direct: () => Promise<T>) => Promise<T>;

/**
 * Reads of the sides the lanes hold go to their workers; writes, and every read made inside a
 * unit of work (which must see that unit's own uncommitted writes), stay on `backends`, whose one
 * connection remains the only writer. Which calls are inside a unit is known from the async
 * context `atomically` opens, not from object identity.
 */
export function withReadPool(backends: Backends, lanes: ReadLanes): Backends {
  const unit = new AsyncLocalStorage<true>();
  const reader = (pool: ReadPool): Read =>
    function read<T>(call: ReadCall, direct: () => Promise<T>): Promise<T> {
      return unit.getStore() ? direct() : (pool.run(call) as Promise<T>);
    };
  const pools = [lanes.search, lanes.lookup].filter((p): p is ReadPool => p !== undefined);
  const pooled: Backends = {
    store: lanes.lookup ? pooledStore(backends.store, reader(lanes.lookup)) : backends.store,
    index: lanes.search ? pooledIndex(backends.index, reader(lanes.search)) : backends.index,
    // Item reads stay on this thread: a record's few items are one indexed range, cheaper read
    // here than sent to a worker and back.
    items: backends.items,
    // Circulation is written as much as read, and each read is one indexed range: on this thread.
    circulation: backends.circulation,
    // Patron reads are staff look-ups by key, and stay with the one writer connection.
    patrons: backends.patrons,
    atomically: (work) => backends.atomically(() => unit.run(true, work)),
    transactional: backends.transactional ?? false,
    direct: { store: backends.store, index: backends.index },
    describe: () =>
      `${backends.describe()}, reads on ${lanes.search?.size ?? 0} search and ${lanes.lookup?.size ?? 0} look-up worker threads`,
    async close() {
      await Promise.all(pools.map((pool) => pool.close()));
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
    setAvailability: (entries) => index.setAvailability(entries),
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
    ...(store.getMarcMany && {
      getMarcMany: (ids: readonly string[]) =>
        read(call('getMarcMany', [ids]), () => store.getMarcMany!(ids)),
    }),
    getTombstone: (id) => read(call('getTombstone', [id]), () => store.getTombstone(id)),
    findIds: (kind, values) => read(call('findIds', [kind, values]), () => store.findIds(kind, values)),
    count: () => read(call('count', []), () => store.count()),
    changes: (options) => read(call('changes', [options]), () => store.changes(options)),
    changeCount: () => read(call('changeCount', []), () => store.changeCount()),
    pendingIndexWork: (options) =>
      read(call('pendingIndexWork', [options]), () => store.pendingIndexWork(options)),
    pendingIndexCount: () => read(call('pendingIndexCount', []), () => store.pendingIndexCount()),
    upsertMany: (inputs) => store.upsertMany(inputs),
    deleteMany: (ids) => store.deleteMany(ids),
    markPending: (ids) => store.markPending(ids),
    markIndexed: (items) => store.markIndexed(items),
    close: () => store.close(),
  };
}
