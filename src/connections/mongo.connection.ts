import mongoose, { type Connection } from 'mongoose';

export interface MongoConnectionOptions {
  /** How long to look for a server before giving up; the driver's 30 s is long for a CLI or a test. */
  serverSelectionTimeoutMs?: number;
}

const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * Opens a dedicated mongoose connection (not mongoose's global default), so that each store,
 * test or CLI run owns its models and its lifetime. Resolves once the server has answered;
 * rejects naming the URL, without its password, when it cannot be reached.
 */
export async function connectMongo(url: string, options: MongoConnectionOptions = {}): Promise<Connection> {
  if (!/^mongodb(\+srv)?:\/\//.test(url)) {
    throw new TypeError(
      `MongoDB URL must start with mongodb:// or mongodb+srv://; got ${JSON.stringify(redact(url))}`,
    );
  }
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
    // Indexes are the store's to create, explicitly and once, not a side effect of defining a model.
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new Error(`cannot connect to MongoDB at ${redact(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return connection;
}

export async function disconnectMongo(connection: Connection): Promise<void> {
  await connection.close();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
