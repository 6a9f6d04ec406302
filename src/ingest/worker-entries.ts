import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../marc/read-item';
import type { Entry } from './staged-record';
import { hydrateEntry } from './prepared-entry';
import { revivedError, sendableError } from '../errors/thread-error';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-protocol';

/** Chunks pushed and not yet taken: ~4 MiB, more than the worker gets through while a batch commits. */
const CHUNKS_AHEAD = 4;

const WORKER_FILE = path.join(__dirname, 'prepare.worker.js');

/**
 * The worker holds little (the record being mapped and a group of entries): smaller generations than
 * V8's defaults keep its heap near 35 MiB instead of 60, which counts against the run's peak RSS.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

/** Only the compiled build has the worker's file; under ts-jest the pipeline maps on its own thread. */
export function workerAvailable(): boolean {
  return __filename.endsWith('.js') && existsSync(WORKER_FILE);
}

/**
 * Reads and maps one input in a worker thread: this thread only moves bytes to it and turns what
 * comes back into entries, so parsing and mapping overlap the writes. Yields in input order.
 */
export async function* workerEntries(source: ByteSource, setup: WorkerSetup): AsyncGenerator<Entry[]> {
  const worker = new Worker(WORKER_FILE, { workerData: setup, resourceLimits: WORKER_HEAP });
  const inbox = new Inbox(worker);
  const pumping = pump(source, worker, inbox);
  try {
    for (;;) {
      const message = await inbox.next();
      if ('entries' in message) {
        yield message.entries.map(hydrateEntry);
        worker.postMessage({ ack: message.entries.length } satisfies ToWorker);
      } else if ('done' in message) return;
      else if ('error' in message) throw revivedError(message.error, 'the ingest worker thread');
    }
  } finally {
    inbox.close();
    await worker.terminate();
    // Not awaited: a pump blocked on standard input would never return. It stops at its next chunk.
    void pumping;
  }
}

/** Pushes the input a few chunks ahead of the worker; a read error ends the run through the inbox. */
async function pump(source: ByteSource, worker: Worker, inbox: Inbox): Promise<void> {
  try {
    for await (const chunk of source) {
      await inbox.roomForChunk();
      if (inbox.closed) return;
      // A copy the worker can own: stream chunks may share their memory with other buffers.
      const copy = new Uint8Array(chunk);
      worker.postMessage({ chunk: copy } satisfies ToWorker, [copy.buffer]);
      inbox.pushed++;
    }
    if (!inbox.closed) worker.postMessage({ end: true } satisfies ToWorker);
  } catch (err) {
    inbox.fail(err);
  }
}

/** The worker's messages in order, and the count of pushed chunks it has not taken yet. */
class Inbox {
  closed = false;
  pushed = 0;
  private readonly queue: FromWorker[] = [];
  /** The generator waits for messages while the pump waits for room: two waiters at times. */
  private waiters: (() => void)[] = [];

  constructor(worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      if ('took' in message) this.pushed--;
      else this.queue.push(message);
      this.wake();
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the ingest worker thread exited (code ${code})`));
    });
  }

  async next(): Promise<FromWorker> {
    for (;;) {
      const message = this.queue.shift();
      if (message) return message;
      await this.changed();
    }
  }

  async roomForChunk(): Promise<void> {
    while (this.pushed >= CHUNKS_AHEAD && !this.closed) await this.changed();
  }

  fail(err: unknown): void {
    this.queue.push({ error: sendableError(err) });
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
