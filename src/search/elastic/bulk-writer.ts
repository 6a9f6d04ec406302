import { AppError } from '../../errors/app-error';
import { isTransient, isTransientStatus, statusOf, toAppError } from './engine-errors';

/**
 * Bulk writes: operations in batches (by count and by bytes), a few batches in flight at once,
 * retries with exponential backoff and jitter when the engine is overloaded or briefly away
 * (429, 502, 503, 504, lost connections) for the whole request or for single items. An item the
 * engine refuses for itself (a mapping error …) is never dropped silently: the write fails with
 * `index_document_rejected` naming the ids, after every other batch is written.
 */
export type BulkOperation =
  | { action: 'index'; id: string; source: unknown }
  | { action: 'delete'; id: string }
  /** A partial update: `doc` merged into the stored source. */
  | { action: 'update'; id: string; doc: unknown };

export interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string | null } | null;
}
export interface BulkResult {
  errors: boolean;
  items: Partial<Record<string, BulkItemResult>>[];
}
/** Sends NDJSON lines (already serialised) as one bulk request. */
export type SendBulk = (lines: string[]) => Promise<BulkResult>;

export interface BulkOptions {
  /** Operations per request (default 500). */
  batchSize?: number;
  /** Serialised bytes per request (default 5 MiB); one larger document still goes alone. */
  maxBatchBytes?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Retries of a request or of its transiently failed items (default 6). */
  retries?: number;
  /** First backoff (default 200 ms), doubled each retry up to maxBackoffMs (default 10 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

interface Line {
  id: string;
  action: string;
  text: string;
  bytes: number;
}

export interface Rejection {
  id: string;
  status: number;
  type?: string;
  reason?: string;
}

const REPORTED = 20;

export class BulkWriter {
  private readonly options: Required<BulkOptions>;

  constructor(
    /** The index or alias written to, for messages. */
    private readonly target: string,
    private readonly send: SendBulk,
    options: BulkOptions = {},
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.options = {
      batchSize: options.batchSize ?? 500,
      maxBatchBytes: options.maxBatchBytes ?? 5 * 1024 * 1024,
      concurrency: options.concurrency ?? 2,
      retries: options.retries ?? 6,
      backoffMs: options.backoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
    };
  }

  async write(operations: readonly BulkOperation[]): Promise<void> {
    const batches = this.batches(operations.map(toLine));
    const rejected: Rejection[] = [];
    const failures: unknown[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length && failures.length === 0) {
        const batch = batches[next++] as Line[];
        try {
          rejected.push(...(await this.writeBatch(batch)));
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const workers = Math.min(this.options.concurrency, batches.length);
    await Promise.all(Array.from({ length: workers }, worker));
    if (failures.length > 0) throw failures[0];
    if (rejected.length > 0) throw rejectedError(rejected);
  }

  private batches(lines: Line[]): Line[][] {
    const out: Line[][] = [];
    let current: Line[] = [];
    let bytes = 0;
    for (const line of lines) {
      const full =
        current.length >= this.options.batchSize || bytes + line.bytes > this.options.maxBatchBytes;
      if (current.length > 0 && full) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(line);
      bytes += line.bytes;
    }
    if (current.length > 0) out.push(current);
    return out;
  }

  /** Sends a batch until every item is written or refused; the refused come back. */
  private async writeBatch(batch: Line[]): Promise<Rejection[]> {
    let pending = batch;
    const rejected: Rejection[] = [];
    for (let attempt = 0; ; attempt += 1) {
      let result: BulkResult | undefined;
      try {
        result = await this.send(pending.map((l) => l.text));
      } catch (error) {
        if (!isTransient(error)) throw toAppError(error, this.target);
        if (attempt >= this.options.retries) throw unavailable(error, pending.length);
      }
      if (result) {
        const outcome = sortItems(pending, result);
        rejected.push(...outcome.rejected);
        pending = outcome.retry;
        if (pending.length === 0) return rejected;
        if (attempt >= this.options.retries) throw unavailable(outcome.lastError, pending.length);
      }
      await this.sleep(this.backoff(attempt));
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

function toLine(op: BulkOperation): Line {
  const header = JSON.stringify({ [op.action]: { _id: op.id } });
  const text =
    op.action === 'index'
      ? `${header}\n${JSON.stringify(op.source)}`
      : op.action === 'update'
        ? `${header}\n${JSON.stringify({ doc: op.doc })}`
        : header;
  return { id: op.id, action: op.action, text, bytes: Buffer.byteLength(text) + 1 };
}

/**
 * Written, refused, or to send again. A delete of a missing document is written (it is gone), and
 * so is an update of one: there is nothing to update (an availability change of a record the
 * index does not hold yet; it gets the summary when it is indexed).
 */
function sortItems(
  pending: Line[],
  result: BulkResult,
): { retry: Line[]; rejected: Rejection[]; lastError?: string } {
  if (!result.errors) return { retry: [], rejected: [] };
  const retry: Line[] = [];
  const rejected: Rejection[] = [];
  let lastError: string | undefined;
  pending.forEach((line, i) => {
    const item = result.items[i]?.[line.action];
    const status = item?.status ?? 500;
    if (status < 300 || (line.action !== 'index' && status === 404)) return;
    const reason = item?.error?.reason ?? undefined;
    if (isTransientStatus(status) || item === undefined) {
      retry.push(line);
      lastError = `${status} ${item?.error?.type ?? 'no item result'}: ${reason ?? ''}`;
    } else {
      rejected.push({ id: line.id, status, type: item.error?.type, reason });
    }
  });
  return { retry, rejected, lastError };
}

function unavailable(error: unknown, pending: number): AppError {
  const reason = typeof error === 'string' ? error : error instanceof Error ? error.message : 'unknown';
  return new AppError(
    'index_unavailable',
    `the search engine did not take ${pending} document(s) after retries: ${reason}`,
    { pending, status: statusOf(error) },
  );
}

function rejectedError(rejected: Rejection[]): AppError {
  const shown = rejected.slice(0, REPORTED);
  const list = shown
    .map((r) => `${r.id} (${r.type ?? r.status}: ${r.reason ?? 'no reason given'})`)
    .join('; ');
  const more = rejected.length > shown.length ? ` and ${rejected.length - shown.length} more` : '';
  return new AppError(
    'index_document_rejected',
    `the search engine refused ${rejected.length} document(s): ${list}${more}`,
    { rejected: shown, count: rejected.length },
  );
}
