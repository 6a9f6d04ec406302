import { AppError } from '../errors/app-error';

/**
 * How writers treat an index that does not commit with the store. The store already holds every
 * write as pending index work, so a write the index did not take is late, not lost: writers keep
 * going, and after the index fails they leave it alone for a while instead of paying its retries
 * on every batch (a bulk write retries for about ten seconds before it gives up).
 */
export interface IndexOutbox {
  /** False while the index rests after failing: write to the store only, leave the rest pending. */
  indexWritable(): boolean;
  indexSucceeded(): void;
  /** An unreachable index rests for a while, longer each time; refused documents do not count. */
  indexFailed(error: AppError): void;
  /** The last index failure, for summaries and logs. */
  lastFailure(): string | undefined;
}

export interface IndexOutboxOptions {
  /** The first rest after a failure (default 5 s); doubled on each failure in a row. */
  restMs?: number;
  /** The longest rest (default 5 minutes). */
  maxRestMs?: number;
  now?: () => number;
}

/** Index errors a writer survives: the records are stored, and the outbox keeps them for later. */
export function isIndexTrouble(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    (error.code === 'index_unavailable' || error.code === 'index_document_rejected')
  );
}

/**
 * The ids the index refused, when its error names every one (it lists the first 20); the rest of
 * that write went in. Undefined: not known, so none of the write counts as done.
 */
export function refusedIds(error: AppError): Set<string> | undefined {
  const { rejected, count } = error.details as { rejected?: { id: string }[]; count?: number };
  if (error.code !== 'index_document_rejected' || !rejected || rejected.length !== count) return undefined;
  return new Set(rejected.map((r) => r.id));
}

export type IndexAttempt = { sent: true } | { sent: false; error?: AppError };

/**
 * One write to an index outside the store's transaction: not tried while the index rests (sent
 * false, no error), success and the failures the outbox covers recorded; any other error thrown.
 */
export async function attemptIndexWrite(
  outbox: IndexOutbox,
  write: () => Promise<void>,
): Promise<IndexAttempt> {
  if (!outbox.indexWritable()) return { sent: false };
  try {
    await write();
  } catch (error) {
    if (!isIndexTrouble(error)) throw error;
    outbox.indexFailed(error);
    return { sent: false, error };
  }
  outbox.indexSucceeded();
  return { sent: true };
}

export function createIndexOutbox(options: IndexOutboxOptions = {}): IndexOutbox {
  const firstRest = options.restMs ?? 5000;
  const maxRest = options.maxRestMs ?? 300_000;
  const now = options.now ?? Date.now;
  let rest = firstRest;
  let restingUntil = 0;
  let failure: string | undefined;
  return {
    indexWritable: () => now() >= restingUntil,
    indexSucceeded() {
      rest = firstRest;
      restingUntil = 0;
    },
    indexFailed(error) {
      failure = `${error.message} (${error.code})`;
      if (error.code !== 'index_unavailable') return;
      restingUntil = now() + rest;
      rest = Math.min(rest * 2, maxRest);
    },
    lastFailure: () => failure,
  };
}
