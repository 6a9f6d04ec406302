import { errors } from '@elastic/elasticsearch';
import { AppError } from '../../errors/app-error';

/**
 * The client's errors turned into ours at the adapter's edge, so no client type leaves it:
 * an engine that is down, overloaded or missing the index is `index_unavailable` (503); a page
 * past the result window is the caller's `invalid_search_offset`; anything else is a bug in what
 * we sent, reported with the engine's own reason as a plain Error (a 500).
 */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function statusOf(error: unknown): number | undefined {
  return error instanceof errors.ResponseError ? error.statusCode : undefined;
}

/** Worth sending again after a pause: overload, a gateway in between, no connection. */
export function isTransient(error: unknown): boolean {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError) return true;
  if (error instanceof errors.NoLivingConnectionsError) return true;
  const status = statusOf(error);
  return status !== undefined && TRANSIENT_STATUSES.has(status);
}

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** The engine's error type (`index_not_found_exception` …), when it sent one. */
export function errorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.body as { error?: { type?: string; root_cause?: { type?: string }[] } } | undefined;
  return body?.error?.type;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    const body = error.body as
      { error?: { reason?: string; root_cause?: { reason?: string }[] } | string } | undefined;
    const e = body?.error;
    if (typeof e === 'string') return e;
    return e?.root_cause?.[0]?.reason ?? e?.reason ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function toAppError(error: unknown, index: string): Error {
  if (error instanceof AppError) return error;
  const reason = reasonOf(error);
  if (errorType(error) === 'index_not_found_exception') {
    return new AppError('index_unavailable', `the search index ${index} does not exist`, { index });
  }
  if (/result window is too large/i.test(reason)) {
    return new AppError(
      'invalid_search_offset',
      `the page is past the search index's result window: ${reason}`,
    );
  }
  if (isTransient(error) || error instanceof errors.ProductNotSupportedError) {
    return new AppError('index_unavailable', `the search engine did not answer for ${index}: ${reason}`, {
      index,
      status: statusOf(error),
    });
  }
  return new Error(`the search engine refused a request on ${index}: ${reason}`);
}

/** Runs one engine call, translating its failure. */
export async function engineCall<T>(index: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error, index);
  }
}
