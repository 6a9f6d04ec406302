import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withReadPool } from '../../src/backends/pooled.backends';
import { ReadPool } from '../../src/backends/read-pool';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import type { SearchIndex } from '../../src/search/port';
import type { RecordStore } from '../../src/store/port';
import { spawnSourceReadWorker } from '../support/read-pool-workers';
import { describeRecordStoreIdOrderContract } from './record-store-id-order.contract';
import { describeRecordStoreContract } from './record-store.contract';
import { describeSearchIndexContract } from './search-index.contract';

/**
 * The SearchIndex and RecordStore contracts through the read pool: writes on the writer's connection, every read
 * on a worker thread with its own read-only connection to the same WAL file, as `stacks serve`
 * runs the embedded index. Passing it says a pooled read answers what an in-process one would,
 * and sees each write committed before it.
 */
const dir = mkdtempSync(join(tmpdir(), 'stacks-pooled-search-'));
let files = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pooled(side: 'index' | 'store') {
  files += 1;
  const dbPath = join(dir, `catalog-${files}.db`);
  const writer = openSqliteBackends(dbPath);
  const pool = await ReadPool.open({
    setup: { dbPath, store: side === 'store', index: side === 'index' },
    workers: 1,
    timeoutMs: 30_000,
    queue: 1000,
    spawn: spawnSourceReadWorker,
  });
  return withReadPool(writer, side === 'index' ? { search: pool } : { lookup: pool });
}

async function pooledIndex(): Promise<SearchIndex> {
  const backends = await pooled('index');
  return { ...backends.index, close: () => backends.close() };
}

async function pooledStore(): Promise<RecordStore> {
  const backends = await pooled('store');
  return { ...backends.store, close: () => backends.close() };
}

describeSearchIndexContract('sqlite through the read pool', pooledIndex);
describeRecordStoreContract('sqlite through the read pool', pooledStore);
describeRecordStoreIdOrderContract('sqlite through the read pool', pooledStore);
