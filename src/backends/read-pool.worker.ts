import { parentPort, workerData } from 'node:worker_threads';
import { sendableError, type SentError } from '../errors/thread-error';
import type { SearchIndex } from '../search/port';
import { createSqliteSearchIndex } from '../search/sqlite/sqlite.search-index';
import type { RecordStore } from '../store/port';
import { createSqliteRecordStore } from '../store/sqlite/sqlite.record-store';
import {
  INDEX_READS,
  STORE_READS,
  type FromReadWorker,
  type ReadWorkerSetup,
  type ToReadWorker,
} from './read-pool.protocol';
import { openSqliteDatabase } from './sqlite.backends';

/**
 * One read pool worker: its own read-only connection to the catalog file (WAL lets it read beside
 * the writer, each statement seeing the last commit), the same SQLite adapters the HTTP thread
 * would run, and one call at a time. The adapters' caches stay correct: the index keys them on
 * SQLite's data_version, which moves when another connection commits (index-version.ts).
 */
const port = parentPort!;
const send = (message: FromReadWorker): void => port.postMessage(message);

interface Ports {
  store?: RecordStore;
  index?: SearchIndex;
}

function open(setup: ReadWorkerSetup): Ports | SentError {
  try {
    const db = openSqliteDatabase(setup.dbPath, true);
    return {
      ...(setup.store && { store: createSqliteRecordStore(db) }),
      ...(setup.index && { index: createSqliteSearchIndex(db) }),
    };
  } catch (err) {
    return sendableError(err);
  }
}

async function answer(ports: Ports, call: ToReadWorker): Promise<unknown> {
  // Only the listed reads: a message can never reach a write method of the adapters.
  if (call.port === 'index' && ports.index && INDEX_READS.includes(call.method)) {
    const read = ports.index[call.method] as (...args: unknown[]) => Promise<unknown>;
    return read.apply(ports.index, call.args);
  }
  if (call.port === 'store' && ports.store && STORE_READS.includes(call.method)) {
    const read = ports.store[call.method] as (...args: unknown[]) => Promise<unknown>;
    return read.apply(ports.store, call.args);
  }
  throw new Error(`the read pool has no ${call.port}.${call.method}`);
}

const opened = open(workerData as ReadWorkerSetup);
if ('message' in opened) send({ failed: opened });
else send({ ready: true });

port.on('message', (call: ToReadWorker) => {
  if ('message' in opened) return send({ id: call.id, error: opened });
  answer(opened, call).then(
    (value) => send({ id: call.id, value }),
    (err: unknown) => send({ id: call.id, error: sendableError(err) }),
  );
});
