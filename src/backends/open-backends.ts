import type Database from 'better-sqlite3';
import type { Connection } from 'mongoose';
import path from 'node:path';
import type { Config } from '../config';
import { createMongoCirculationStore } from '../circulation/mongo/mongo.circulation-store';
import type { CirculationStore } from '../circulation/port';
import { createSqliteCirculationStore } from '../circulation/sqlite/sqlite.circulation-store';
import { connectMongo, disconnectMongo } from '../connections/mongo.connection';
import { redactUrl, redactUrlsIn } from '../connections/redact-url';
import { createSearchClient } from '../connections/search-client';
import { AppError } from '../errors/app-error';
import { createMongoItemStore } from '../items/mongo/mongo.item-store';
import type { ItemStore } from '../items/port';
import { createSqliteItemStore } from '../items/sqlite/sqlite.item-store';
import { createMongoPatronStore } from '../patrons/mongo/mongo.patron-store';
import type { PatronStore } from '../patrons/port';
import { createSqlitePatronStore } from '../patrons/sqlite/sqlite.patron-store';
import { createElasticSearchIndex } from '../search/elastic/elastic.search-index';
import type { SearchIndex } from '../search/port';
import { dropSearchTables } from '../search/sqlite/schema';
import { createSqliteSearchIndex } from '../search/sqlite/sqlite.search-index';
import { createMongoRecordStore } from '../store/mongo/mongo.record-store';
import type { RecordStore } from '../store/port';
import { createSqliteRecordStore } from '../store/sqlite/sqlite.record-store';
import type { Backends } from './backends';
import { composeBackends } from './composed.backends';
import { dropSqliteSearchIndex, openSqliteBackends, openSqliteDatabase } from './sqlite.backends';

export type BackendsConfig = Pick<
  Config,
  'dbPath' | 'store' | 'mongoUrl' | 'index' | 'searchUrl' | 'indexName'
> &
  Partial<Pick<Config, 'searchTimeoutMs'>>;

/**
 * How long start-up waits for a server. The drivers' own waits (30 s) suit a running service
 * riding out a restart, not a command telling its user that the URL is wrong.
 */
export const CONNECT_TIMEOUT_MS = 5000;

/** The SQLite connection opened on STACKS_DB for a pair, which the process's local state shares. */
const localDatabases = new WeakMap<Backends, Database.Database>();

type Closer = () => Promise<void>;

export interface OpenBackendsOptions {
  /**
   * A search index built by another version of Stacks (`search_index_version`): `refuse` it (the
   * default; every command but a full `stacks reindex`), or open it to be rebuilt (`rebuild`). An
   * engine index then serves only `rebuild`, which loads a new index with this version's mapping
   * beside it and moves the alias; the embedded index's tables are dropped at once instead (they
   * could not be read anyway, and the rebuild makes them again in one transaction).
   */
  staleIndex?: 'refuse' | 'rebuild';
}

/**
 * The backends the configuration names; the one place that knows which adapters exist. SQLite +
 * SQLite share one file and one transaction; any other pair is composed, with an embedded side
 * opened on STACKS_DB. A server that does not answer fails here, with the URL (never its
 * credentials) and `store_unavailable` or `index_unavailable`, not at the first request.
 */
export async function openBackends(
  config: BackendsConfig,
  options: OpenBackendsOptions = {},
): Promise<Backends> {
  const rebuild = options.staleIndex === 'rebuild';
  if (config.store === 'sqlite' && config.index === 'sqlite') {
    const backends = rebuild
      ? whenStale(
          () => openSqliteBackends(config.dbPath),
          () => dropSqliteSearchIndex(config.dbPath),
        )
      : openSqliteBackends(config.dbPath);
    localDatabases.set(backends, backends.db);
    return backends;
  }
  const closers: Closer[] = [];
  try {
    const local =
      config.store === 'sqlite' || config.index === 'sqlite' ? openLocal(config, closers) : undefined;
    const store = await openStore(config, local, closers);
    const index = await openIndex(config, local, closers, rebuild);
    const backends = composeBackends({
      store: store.port,
      index: index.port,
      items: await openItems(store, local),
      circulation: await openCirculation(store, local),
      patrons: await openPatrons(store, local),
      describe: `${store.describe} + ${index.describe}`,
      closeConnections: () => closeAll(closers),
    });
    if (local) localDatabases.set(backends, local);
    return backends;
  } catch (error) {
    await closeAll(closers).catch(() => undefined);
    throw error;
  }
}

/**
 * The local SQLite state (ingest jobs, API keys) beside `backends`: their own connection when they
 * hold one on the file (two connections in one process could wait on each other's write lock),
 * else a new one. `close` closes only what this opened.
 */
export function openLocalState(backends: Backends, dbPath: string): { db: Database.Database; close(): void } {
  const shared = localDatabases.get(backends);
  if (shared) return { db: shared, close: () => undefined };
  const db = openSqliteDatabase(dbPath);
  return { db, close: () => db.close() };
}

interface Opened<T> {
  port: T;
  describe: string;
}

function openLocal(config: BackendsConfig, closers: Closer[]): Database.Database {
  const db = openSqliteDatabase(config.dbPath);
  closers.push(async () => {
    db.close();
  });
  return db;
}

interface OpenedStore extends Opened<RecordStore> {
  /** The MongoDB connection the store is on, for the items and patrons beside it. */
  mongo?: Connection;
}

async function openStore(
  config: BackendsConfig,
  local: Database.Database | undefined,
  closers: Closer[],
): Promise<OpenedStore> {
  if (config.store === 'sqlite') return { port: createSqliteRecordStore(local!), describe: sqliteAt(config) };
  const url = required(config.mongoUrl, 'MONGODB_URL');
  const connection = await reach('store_unavailable', `the MongoDB record store at ${redactUrl(url)}`, () =>
    connectMongo(url, { serverSelectionTimeoutMs: CONNECT_TIMEOUT_MS }),
  );
  closers.push(() => disconnectMongo(connection));
  return {
    port: await createMongoRecordStore(connection),
    describe: `mongodb ${redactUrl(url)}`,
    mongo: connection,
  };
}

/**
 * Items live beside the record store, whichever it is: a record and its items are read together
 * and, on SQLite, written in one transaction (docs/items.md, backends).
 */
async function openItems(store: OpenedStore, local: Database.Database | undefined): Promise<ItemStore> {
  if (!store.mongo) return createSqliteItemStore(local!);
  // On the record store's connection and database: one server to reach, one URL to configure.
  return createMongoItemStore(store.mongo);
}

/**
 * Circulation lives beside the items, chosen the same way: open loans are on the items, and on
 * SQLite an operation's item change and its circulation writes commit in one transaction.
 */
async function openCirculation(
  store: OpenedStore,
  local: Database.Database | undefined,
): Promise<CirculationStore> {
  if (!store.mongo) return createSqliteCirculationStore(local!);
  return createMongoCirculationStore(store.mongo);
}

/**
 * Patrons live beside the record store too, chosen exactly as the items are: on the local file
 * when the store is SQLite, else on the record store's MongoDB connection and database.
 */
async function openPatrons(store: OpenedStore, local: Database.Database | undefined): Promise<PatronStore> {
  if (!store.mongo) return createSqlitePatronStore(local!);
  return createMongoPatronStore(store.mongo);
}

async function openIndex(
  config: BackendsConfig,
  local: Database.Database | undefined,
  closers: Closer[],
  rebuild: boolean,
): Promise<Opened<SearchIndex>> {
  if (config.index === 'sqlite') {
    const db = local!;
    const open = () => createSqliteSearchIndex(db);
    const port = rebuild
      ? whenStale(open, () => db.transaction(() => dropSearchTables(db)).immediate())
      : open();
    return { port, describe: sqliteAt(config) };
  }
  const url = required(config.searchUrl, 'SEARCH_URL');
  const engine = config.index;
  const client = createSearchClient({ url, engine });
  closers.push(() => client.close());
  await reach('index_unavailable', `the ${engine} search engine at ${redactUrl(url)}`, () =>
    client.ping({}, { requestTimeout: CONNECT_TIMEOUT_MS, maxRetries: 0 }),
  );
  // Refreshed after each write: what a command or request wrote, the next search finds (one
  // refresh per ingest batch, not per record).
  const port = await createElasticSearchIndex(client, {
    indexName: config.indexName,
    refresh: true,
    ...(config.searchTimeoutMs !== undefined && { readTimeoutMs: config.searchTimeoutMs }),
    ...(rebuild && { staleMapping: 'rebuild' as const }),
  });
  return { port, describe: `${engine} ${redactUrl(url)} index ${config.indexName}` };
}

/** `open()`, or, when it finds an embedded index of another version, `drop()` it and open again. */
function whenStale<T>(open: () => T, drop: () => void): T {
  try {
    return open();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'search_index_version') throw error;
    drop();
    return open();
  }
}

/** Runs the first call to a server, turning "cannot get there" into our error naming where. */
async function reach<T>(
  code: 'store_unavailable' | 'index_unavailable',
  what: string,
  connect: () => Promise<T>,
): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    throw new AppError(code, `cannot reach ${what}: ${reasonOf(error)}`, { server: what });
  }
}

/** The driver's own reason (connectMongo wraps it with the URL, which the caller names already). */
function reasonOf(error: unknown): string {
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (root instanceof Error && root.name === 'ProductNotSupportedError') {
    return 'the server is not Elasticsearch (for OpenSearch, set STACKS_INDEX=opensearch)';
  }
  return redactUrlsIn(root instanceof Error ? root.message : String(root));
}

function required(value: string | undefined, name: string): string {
  if (value) return value;
  throw new AppError('invalid_config', `${name} is required for these backends`);
}

function sqliteAt(config: BackendsConfig): string {
  return `sqlite ${config.dbPath === ':memory:' ? ':memory:' : path.resolve(config.dbPath)}`;
}

/** Closes the newest first, every one even when one fails; the first failure is thrown after. */
async function closeAll(closers: Closer[]): Promise<void> {
  const failures: unknown[] = [];
  for (const close of closers.splice(0).reverse())
    await close().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}
