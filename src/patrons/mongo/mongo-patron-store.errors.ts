import type { Connection } from 'mongoose';
import { AppError } from '../../errors/app-error';

// The item store's twin (src/items/mongo/mongo-item-store.errors.ts): adapters may not import each
// other (docs/architecture.md), and these few lines are not worth a shared module of their own.

const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClosedError',
  'MongoClientClosedError',
]);

/** mongoose refuses commands on a connection that never opened when buffering is off. */
const NEVER_CONNECTED = /before initial connection is complete/;

const DUPLICATE_KEY = 11000;

/** Hosts and database from the client's parsed options, which hold no credentials (a URL might). */
export function describeServer(connection: Connection): string {
  const options = connection.getClient()?.options;
  if (!options) return 'mongodb://(not connected)';
  const hosts = options.hosts.map((h) => h.toString()).join(',');
  return `mongodb://${hosts}/${connection.name || options.dbName}`;
}

/**
 * FerretDB 1.24's find-and-modify reports a unique index refusing the new document as its storage
 * saw it: code 1 (InternalError), "UNIQUE constraint failed: index '…'". Its inserts say E11000.
 */
const FERRETDB_UNIQUE = /UNIQUE constraint failed: index /;

/** E11000, as a write error or as the first of a bulk write's (or FerretDB's form of it). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown; message?: unknown } | null;
  if (e?.code === DUPLICATE_KEY) return true;
  if (e?.code === 1 && typeof e.message === 'string' && FERRETDB_UNIQUE.test(e.message)) return true;
  const first: unknown = Array.isArray(e?.writeErrors) ? e.writeErrors[0] : e?.writeErrors;
  return (first as { code?: unknown } | undefined)?.code === DUPLICATE_KEY;
}

/**
 * Connection failures become `store_unavailable` naming the server. Any other driver error is
 * replaced by an `internal_error` that keeps only its name and code: a server's message can quote
 * the document it refused (E11000 repeats the duplicate key, a cast error the value), and a
 * patron's fields must never reach a log (docs/circulation.md, privacy).
 */
export function patronStoreError(err: unknown, server: string): unknown {
  if (err instanceof AppError) return err;
  if (!(err instanceof Error))
    return new AppError('internal_error', `the MongoDB patron store at ${server} failed`);
  if (UNAVAILABLE_NAMES.has(err.name) || NEVER_CONNECTED.test(err.message)) {
    const message = err.message.replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@');
    return new AppError(
      'store_unavailable',
      `the MongoDB patron store at ${server} is unavailable: ${message}`,
      { server },
    );
  }
  const { code, codeName } = err as { code?: unknown; codeName?: unknown };
  const what = [err.name, codeName, code].filter((part) => part !== undefined).join(' ');
  return new AppError('internal_error', `the MongoDB patron store at ${server} failed: ${what}`, { server });
}
