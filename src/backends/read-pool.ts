import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors/app-error';
import { revivedError } from '../errors/thread-error';
import {
  revived,
  type FromReadWorker,
  type ReadCall,
  type ReadWorkerSetup,
  type ToReadWorker,
} from './read-pool.protocol';

const WORKER_FILE = path.join(__dirname, 'read-pool.worker.js');
const READ_WORKER = 'a read pool worker';

/** Only the compiled build has the worker's file; under ts-jest a test passes its own `spawn`. */
export function readPoolAvailable(): boolean {
  return __filename.endsWith('.js') && existsSync(WORKER_FILE);
}

export interface ReadPoolOptions {
  setup: ReadWorkerSetup;
  workers: number;
  /** A call's budget from the moment it is made, its wait for a worker included. */
  timeoutMs: number;
  /** Calls waiting for a worker at most; one more is refused at once. */
  queue: number;
  /** How a worker thread starts (tests start the TypeScript source through a loader). */
  spawn?: (setup: ReadWorkerSetup) => Worker;
}

interface Task {
  id: number;
  call: ReadCall;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  slot?: Slot;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

/** Retry-After is a guess from recent calls; kept between one second and one minute. */
const RETRY_AFTER_MAX_S = 60;

/**
 * Worker threads that run catalog reads, so the HTTP thread never waits on a synchronous SQLite
 * query. Each worker takes one call at a time; the others wait in a bounded queue. A call past its
 * budget is answered `search_timeout` at once; if a worker is running it, that worker is
 * terminated and replaced, since better-sqlite3 offers no way to interrupt a statement (the
 * terminated thread stops when its current statement returns, and nobody waits for it).
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Moving average of how long a call holds a worker (for Retry-After). */
  private averageMs = 100;

  private constructor(private readonly options: ReadPoolOptions) {}

  /** Starts the workers and waits until each has opened the catalog (or throws why one could not). */
  static async open(options: ReadPoolOptions): Promise<ReadPool> {
    if (options.workers < 1) throw new RangeError('a read pool needs at least one worker');
    const pool = new ReadPool(options);
    const started = Array.from({ length: options.workers }, () => pool.addSlot());
    try {
      await Promise.all(started);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  run(call: ReadCall): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('index_unavailable', 'the catalog is closed'));
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextId++, call, resolve, reject, timer: undefined! };
      const idle = this.slots.find((s) => !s.task);
      if (!idle && this.waiting.length >= this.options.queue) return reject(this.overloaded());
      task.timer = setTimeout(() => this.expire(task), this.options.timeoutMs);
      if (idle) this.start(idle, task);
      else this.waiting.push(task);
    });
  }

  /** Refuses what waits, stops every worker; calls still running are answered index_unavailable. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new AppError('index_unavailable', 'the catalog is closed');
    for (const task of this.waiting.splice(0)) this.settle(task, gone);
    const workers = this.slots.map((slot) => {
      if (slot.task) this.settle(slot.task, gone);
      slot.task = undefined;
      return slot.worker.terminate();
    });
    await Promise.all(workers);
  }

  private addSlot(): Promise<void> {
    const slot = { worker: undefined! } as Slot;
    this.slots.push(slot);
    return new Promise((resolve, reject) => {
      slot.worker = this.spawn(slot, (failure) => (failure ? reject(failure) : resolve()));
    });
  }

  /** A worker for `slot`; `started` hears once whether it opened the catalog. */
  private spawn(slot: Slot, started?: (failure?: Error) => void): Worker {
    const worker = (this.options.spawn ?? defaultSpawn)(this.options.setup);
    let ready = false;
    worker.on('message', (message: FromReadWorker) => {
      if ('ready' in message) {
        ready = true;
        return started?.();
      }
      if ('failed' in message) return started?.(revivedError(message.failed, READ_WORKER));
      const task = slot.task;
      if (slot.worker !== worker || !task || task.id !== message.id) return;
      this.finished(slot, task);
      if ('error' in message) this.settle(task, revivedError(message.error, READ_WORKER));
      else this.settle(task, undefined, revived(task.call, message.value));
      this.next(slot);
    });
    const lost = (why: string): void => {
      started?.(new AppError('index_unavailable', `a read worker could not start: ${why}`));
      if (this.closed || slot.worker !== worker) return;
      if (slot.task)
        this.settle(slot.task, new AppError('index_unavailable', `a read worker stopped: ${why}`));
      slot.task = undefined;
      // One that never opened the catalog would fail again: calls given to it time out instead.
      if (ready) this.replace(slot);
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    task.slot = slot;
    task.startedAt = performance.now();
    slot.worker.postMessage({ id: task.id, ...task.call } as ToReadWorker);
  }

  private next(slot: Slot): void {
    const task = this.waiting.shift();
    if (task) this.start(slot, task);
  }

  private finished(slot: Slot, task: Task): void {
    slot.task = undefined;
    const took = performance.now() - (task.startedAt ?? performance.now());
    this.averageMs = this.averageMs * 0.9 + took * 0.1;
  }

  /** Past its budget: answered now; its worker, if it has one, is given up for a fresh one. */
  private expire(task: Task): void {
    const queued = this.waiting.indexOf(task);
    if (queued >= 0) this.waiting.splice(queued, 1);
    const slot = task.slot;
    if (slot?.task === task) {
      slot.task = undefined;
      this.replace(slot);
    }
    const retryAfterSeconds = this.retryAfter();
    this.settle(
      task,
      new AppError('search_timeout', `the read took more than ${this.options.timeoutMs} ms`, {
        budgetMs: this.options.timeoutMs,
        retryAfterSeconds,
      }),
    );
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = this.spawn(slot);
    void old.terminate();
    this.next(slot);
  }

  private overloaded(): AppError {
    return new AppError(
      'search_overloaded',
      `${this.waiting.length} catalog reads are waiting already; try again shortly`,
      { queue: this.options.queue, retryAfterSeconds: this.retryAfter() },
    );
  }

  /** Seconds until the queue ahead would be worked off at the recent pace. */
  private retryAfter(): number {
    const seconds = ((this.waiting.length + 1) * this.averageMs) / this.slots.length / 1000;
    return Math.min(RETRY_AFTER_MAX_S, Math.max(1, Math.ceil(seconds)));
  }

  private settle(task: Task, error: Error | undefined, value?: unknown): void {
    clearTimeout(task.timer);
    if (error) task.reject(error);
    else task.resolve(value);
  }
}

function defaultSpawn(setup: ReadWorkerSetup): Worker {
  return new Worker(WORKER_FILE, { workerData: setup });
}
