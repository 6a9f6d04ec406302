import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/codes';
import type { MappingProfile } from '../mapping/profile';
import type { IngestOptions } from './ingest.types';
import type { WireEntry } from './prepared-entry';

/**
 * Messages between the ingest and its worker thread. The writing thread pushes input chunks (a
 * few ahead, so the worker never waits on a thread busy in a transaction) and acknowledges the
 * entries it has taken; the worker stops preparing when too many are unacknowledged, which bounds
 * memory whatever the speed of either side.
 */
export interface WorkerSetup {
  file: string;
  format: IngestOptions['format'];
  charset: IngestOptions['charset'];
  /** The mapping rules: data, which the worker compiles into the same mapper the caller holds. */
  profile: MappingProfile;
  /** The index's preparer (`SearchIndex.preparer`), to make its rows too; none when it declares none. */
  documentPreparer?: string;
  /** Entries the worker may have sent and not yet had acknowledged. */
  maxUnacknowledged: number;
}

export type ToWorker = { chunk: Uint8Array } | { end: true } | { ack: number };

export type FromWorker = { took: true } | { entries: WireEntry[] } | { done: true } | { error: SentError };

export interface SentError {
  message: string;
  code?: ErrorCode;
  details?: Record<string, unknown>;
  stack?: string;
}

export function sendableError(err: unknown): SentError {
  if (err instanceof AppError) return { message: err.message, code: err.code, details: err.details };
  if (err instanceof Error) return { message: err.message, stack: err.stack ?? '' };
  return { message: String(err) };
}

/** The error as the caller would have seen it on one thread: an AppError keeps its code. */
export function revivedError(sent: SentError): Error {
  if (sent.code) return new AppError(sent.code, sent.message, sent.details ?? {});
  const err = new Error(sent.message);
  if (sent.stack) err.stack = `${sent.stack}\n    (in the ingest worker thread)`;
  return err;
}
