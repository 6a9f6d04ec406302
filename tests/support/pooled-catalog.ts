import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Backends } from '../../src/backends/backends';
import { openReadPool, type ReadPoolConfig } from '../../src/backends/pooled.backends';
import type { ReadWorkerSetup } from '../../src/backends/read-pool.protocol';
import { openSqliteBackends, type SqliteBackends } from '../../src/backends/sqlite.backends';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { spawnSourceReadWorker } from './read-pool-workers';
import { syntheticRecord } from './synthetic';

/** An embedded catalog in a temp file, and the same backends with their reads on a worker pool. */
export interface PooledCatalog {
  writer: SqliteBackends;
  pooled: Backends;
  dir: string;
  close(): Promise<void>;
}

export async function openPooledCatalog(
  options: Partial<Pick<ReadPoolConfig, 'searchWorkers' | 'searchTimeoutMs' | 'searchQueue'>> & {
    /** Fills the catalog before the workers open it. */
    fill?: (writer: SqliteBackends) => Promise<void>;
    spawn?: (setup: ReadWorkerSetup) => Worker;
  } = {},
): Promise<PooledCatalog> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-pool-'));
  const dbPath = path.join(dir, 'catalog.db');
  const writer = openSqliteBackends(dbPath);
  await options.fill?.(writer);
  const pooled = await openReadPool(
    writer,
    {
      dbPath,
      store: 'sqlite',
      index: 'sqlite',
      searchWorkers: options.searchWorkers ?? 1,
      searchTimeoutMs: options.searchTimeoutMs ?? 30_000,
      searchQueue: options.searchQueue ?? 1000,
    },
    options.spawn ?? spawnSourceReadWorker,
  );
  return {
    writer,
    pooled,
    dir,
    async close() {
      await pooled.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Records `from`…`from + count - 1` of the synthetic set, stored and indexed in one unit of work. */
export async function fillSynthetic(writer: Backends, from: number, count: number): Promise<void> {
  const inputs = Array.from({ length: count }, (_, i) => {
    const record = syntheticRecord(from + i);
    return { record, document: map(record) };
  });
  await writer.atomically(async () => {
    await writer.store.upsertMany(inputs);
    await writer.index.upsert(inputs.map((i) => i.document));
  });
}

const map = createDefaultMapper();

/**
 * A worker that says it is ready and then never answers: a read that runs far past any budget
 * (like a statement that does not return), so that timeouts and queueing are tested without
 * depending on how fast a real query is.
 */
export function spawnStalledReadWorker(): Worker {
  const code = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', () => { for (;;); });
`;
  return new Worker(code, { eval: true });
}

/** A worker that says it is ready and dies at its first call (a crash in the middle of a read). */
export function spawnExitingReadWorker(): Worker {
  const code = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true });
parentPort.on('message', () => process.exit(1));
`;
  return new Worker(code, { eval: true });
}
