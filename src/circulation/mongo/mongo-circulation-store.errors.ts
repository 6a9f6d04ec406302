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

/** E11000: an insert found its `_id` taken (another writer, or another input, was first). */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** Connection failures become `store_unavailable` naming the server; everything else passes as is. */
export function circulationStoreError(err: unknown, server: string): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  if (!UNAVAILABLE_NAMES.has(err.name) && !NEVER_CONNECTED.test(err.message)) return err;
  const message = err.message.replace(/\/\/([^:@/\s]+):[^@/\s]*@/g, '//$1:***@');
  return new AppError(
    'store_unavailable',
    `the MongoDB circulation store at ${server} is unavailable: ${message}`,
    {
      server,
    },
  );
}
