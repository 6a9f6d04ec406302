import type { Backends } from './backends';
import { catchUpIndex } from './index-catch-up';

/** The two levels the loop logs at (a pino logger fits). */
export interface CatchUpLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface CatchUpLoopOptions {
  /** Pause between passes while all is well (default 5 s). */
  intervalMs?: number;
  /** Longest pause while the index keeps failing (default 5 minutes); doubled from intervalMs. */
  maxBackoffMs?: number;
  batch?: number;
}

export interface IndexCatchUpLoop {
  /** Stops after the page in hand (a shutdown waits for it, never for a whole pass). */
  stop(): Promise<void>;
}

/**
 * The server's background catch-up: every few seconds, one pass over the store's outbox
 * (catchUpIndex). While the index is down the pauses double, so a long outage costs one cheap
 * request now and then. Nothing runs on the embedded backends: their index commits with the store.
 */
export function startIndexCatchUp(
  backends: Backends,
  log: CatchUpLog,
  options: CatchUpLoopOptions = {},
): IndexCatchUpLoop {
  if (!backends.indexOutbox) return { stop: () => Promise.resolve() };
  const interval = options.intervalMs ?? 5000;
  const maxBackoff = options.maxBackoffMs ?? 300_000;
  const controller = new AbortController();
  let delay = interval;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async (): Promise<void> => {
    try {
      const done = await catchUpIndex(backends, { batch: options.batch, signal: controller.signal });
      if (done.indexed + done.removed + done.refused > 0) log.info({ ...done }, 'search index caught up');
      if (done.refused > 0)
        log.warn({ refused: done.refused }, 'the search index refused documents; they stay pending');
      delay = interval;
    } catch (err) {
      delay = Math.min(delay * 2, maxBackoff);
      log.warn({ err, retryInMs: delay }, 'search index catch-up failed; the records stay pending');
    }
    schedule();
  };
  const schedule = (): void => {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      running = pass();
    }, delay);
    // A pending catch-up never keeps the process alive on its own.
    timer.unref();
  };

  schedule();
  return {
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
