import type { Connection } from 'mongoose';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';

/**
 * The suite's own MongoDB connection: opened in beforeAll, closed in afterAll after `beforeClose`
 * (a suite's clean-up, while the connection still answers). Call inside a describe block.
 */
export function useMongoConnection(
  mongoUrl: string,
  beforeClose: (connection: Connection) => Promise<void> = async () => undefined,
): () => Connection {
  let connection: Connection | undefined;
  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
  });
  afterAll(async () => {
    if (!connection) return;
    await beforeClose(connection);
    await disconnectMongo(connection);
  });
  return () => {
    if (!connection) throw new Error('the suite’s MongoDB connection opens in beforeAll');
    return connection;
  };
}

/** A store for a port's contract suite, and the close() that closes it and drops its database. */
export type StoreHarness<K extends string, S> = { [key in K]: S } & { close(): Promise<void> };

export interface MongoDatabases {
  /** The suite's connection (after its beforeAll). */
  connection(): Connection;
  /**
   * A database of its own, named for this suite and run, on the suite's connection; or on `on`
   * (another connection), and under `name` where two connections are to meet in one database.
   * Dropped, through the suite's connection, after the suite.
   */
  fresh(options?: { on?: Connection; name?: string }): Connection;
  /** A harness maker: each call, a store opened on a fresh database, which close() drops. */
  harness<K extends string, S extends { close(): Promise<void> }>(
    key: K,
    open: (db: Connection) => Promise<S>,
  ): () => Promise<StoreHarness<K, S>>;
}

/**
 * A database per store, named `stacks_<label>_<pid>_<time>_<n>`, so tests, suites running in
 * parallel and aborted runs never meet; what is left is dropped when the suite ends. Call inside a
 * describe block (it registers beforeAll/afterAll).
 */
export function useMongoDatabases(mongoUrl: string, label: string): MongoDatabases {
  const runName = `stacks_${label}_${process.pid}_${Date.now()}`;
  const left = new Set<string>();
  let made = 0;
  const connection = useMongoConnection(mongoUrl, async (suite) => {
    for (const name of left)
      await suite
        .useDb(name, { useCache: false })
        .dropDatabase()
        .catch(() => undefined);
  });
  const databases: MongoDatabases = {
    connection,
    fresh({ on, name = `${runName}_${made++}` } = {}) {
      left.add(name);
      return (on ?? connection()).useDb(name, { useCache: false });
    },
    harness: (key, open) => async () => {
      const db = databases.fresh();
      const store = await open(db);
      const close = async (): Promise<void> => {
        await store.close();
        await db.dropDatabase();
        left.delete(db.name);
      };
      return { [key]: store, close } as StoreHarness<typeof key, typeof store>;
    },
  };
  return databases;
}
