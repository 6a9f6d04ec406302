import { AppError } from './app-error';
import type { ErrorCode } from './codes';

/**
 * An error as it crosses between threads (the ingest worker, the read pool's workers): structured
 * clone keeps neither an Error's class nor an AppError's code, so errors travel as this plain shape.
 */
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

/**
 * The error as the caller would have seen it on one thread: an AppError keeps its code; any other
 * keeps its stack, marked with the thread it came from (`where`) for whoever reads the log.
 */
export function revivedError(sent: SentError, where: string): Error {
  if (sent.code) return new AppError(sent.code, sent.message, sent.details ?? {});
  const err = new Error(sent.message);
  if (sent.stack) err.stack = `${sent.stack}\n    (in ${where})`;
  return err;
}
