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

/**
 * Where the store is, for messages: hosts and database from the client's parsed options, which
 * hold no credentials (a URL string might).
 */
export function describeServer(connection: Connection): string {
  const options = connection.getClient()?.options;
  if (!options) return 'mongodb://(not connected)';
  const hosts = options.hosts.map((h) => h.toString()).join(',');
  return `mongodb://${hosts}/${options.dbName}`;
}

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return UNAVAILABLE_NAMES.has(err.name) || NEVER_CONNECTED.test(err.message);
}

/** Connection failures become `store_unavailable` naming the server; everything else passes as is. */
export function storeError(err: unknown, server: string): unknown {
  if (err instanceof AppError || !isUnavailable(err)) return err;
  const message = redactCredentials((err as Error).message);
  return new AppError(
    'store_unavailable',
    `the MongoDB record store at ${server} is unavailable: ${message}`,
    {
      server,
    },
  );
}

function redactCredentials(text: string): string {
  return text.replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@');
}
