import { AppError } from '../../errors/app-error';
import { isUnavailable, storeUnavailable } from '../../connections/mongo-kit/driver-errors';

/**
 * Connection failures become `store_unavailable` naming the server, as in every MongoDB store.
 * Unlike the others, any other driver error is replaced by an `internal_error` that keeps only
 * its name and code: a server's message can quote the document it refused (E11000 repeats the
 * duplicate key, a cast error the value), and a patron's fields must never reach a log
 * (docs/circulation.md, privacy).
 */
export function patronStoreError(err: unknown, server: string): unknown {
  if (err instanceof AppError) return err;
  if (!(err instanceof Error))
    return new AppError('internal_error', `the MongoDB patron store at ${server} failed`);
  if (isUnavailable(err)) return storeUnavailable(err, 'patron store', server);
  const { code, codeName } = err as { code?: unknown; codeName?: unknown };
  const what = [err.name, codeName, code].filter((part) => part !== undefined).join(' ');
  return new AppError('internal_error', `the MongoDB patron store at ${server} failed: ${what}`, { server });
}
