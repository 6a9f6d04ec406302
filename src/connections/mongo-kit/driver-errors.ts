import type { Connection } from 'mongoose';
import { AppError } from '../../errors/app-error';

/** Driver and mongoose errors that mean "no server to talk to", not "the server said no". */
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

/**
 * FerretDB 1.24's find-and-modify reports a unique index refusing the new document as its storage
 * saw it: code 1 (InternalError), "UNIQUE constraint failed: index '…'". Its inserts say E11000.
 */
const FERRETDB_UNIQUE = /UNIQUE constraint failed: index /;

/**
 * Where a store is, for messages: hosts and database from the client's parsed options, which
 * hold no credentials (a URL string might). The connection's own name first: a `useDb` view
 * shares its client, whose options name the database the client was opened on.
 */
export function describeServer(connection: Connection): string {
  const options = connection.getClient()?.options;
  if (!options) return 'mongodb://(not connected)';
  const hosts = options.hosts.map((h) => h.toString()).join(',');
  return `mongodb://${hosts}/${connection.name || options.dbName}`;
}

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return UNAVAILABLE_NAMES.has(err.name) || NEVER_CONNECTED.test(err.message);
}

/**
 * E11000: a write found its key taken (another writer, or another input, was first), as the
 * error itself, as the first of a bulk write's write errors, or in FerretDB's find-and-modify form.
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; writeErrors?: unknown; message?: unknown } | null;
  if (e?.code === DUPLICATE_KEY) return true;
  if (e?.code === 1 && typeof e.message === 'string' && FERRETDB_UNIQUE.test(e.message)) return true;
  const first: unknown = Array.isArray(e?.writeErrors) ? e.writeErrors[0] : e?.writeErrors;
  return (first as { code?: unknown } | undefined)?.code === DUPLICATE_KEY;
}

/**
 * `store_unavailable` naming the store (`item store`) and its server; the driver's message may
 * quote the URL it was given, so a password in it is masked.
 */
export function storeUnavailable(err: Error, store: string, server: string): AppError {
  const message = err.message.replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@');
  return new AppError('store_unavailable', `the MongoDB ${store} at ${server} is unavailable: ${message}`, {
    server,
  });
}

/** Connection failures become `store_unavailable`; everything else passes as is. */
export function unavailableOrAsIs(err: unknown, store: string, server: string): unknown {
  if (err instanceof AppError || !isUnavailable(err)) return err;
  return storeUnavailable(err as Error, store, server);
}
