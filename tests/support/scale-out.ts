import type { Client } from '@elastic/elasticsearch';
import type { Connection } from 'mongoose';
import type { BackendsConfig } from '../../src/backends/open-backends';
import { connectMongo } from '../../src/connections/mongo.connection';
import { createSearchClient } from '../../src/connections/search-client';
import type { ScaleOutServices } from './services';

/**
 * A catalog of its own on the shared test servers: a MongoDB database and a search alias that
 * no other suite or run uses (`stacks_<label>_<pid>_<time>`), so suites run in parallel and an
 * aborted run never leaves data another one reads. Nothing connects until clear() or drop().
 */
export interface ScaleOutCatalog {
  /** What openBackends takes; the local SQLite state is `:memory:` unless the caller says otherwise. */
  config: BackendsConfig;
  /** The same as environment variables, for the built CLI. */
  env: Record<string, string>;
  /** Empties the database and the index: the next openBackends starts from nothing, cheaply. */
  clear(): Promise<void>;
  /** Deletes the database and the index, and lets go of the connections. */
  drop(): Promise<void>;
}

export function scaleOutCatalog(services: ScaleOutServices, label: string): ScaleOutCatalog {
  const name = `stacks_${label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  const mongoUrl = withDatabase(services.mongoUrl, name);
  const config: BackendsConfig = {
    dbPath: ':memory:',
    store: 'mongodb',
    mongoUrl,
    index: services.search.engine,
    searchUrl: services.search.url,
    indexName: name,
  };
  const env = {
    STACKS_STORE: 'mongodb',
    MONGODB_URL: mongoUrl,
    STACKS_INDEX: services.search.engine,
    SEARCH_URL: services.search.url,
    STACKS_INDEX_NAME: name,
  };
  let handles: Promise<{ mongo: Connection; search: Client }> | undefined;
  const connect = () =>
    (handles ??= connectMongo(mongoUrl).then((mongo) => ({
      mongo,
      search: createSearchClient(services.search),
    })));
  return {
    config,
    env,
    async clear() {
      const { mongo, search } = await connect();
      // Dropping costs FerretDB one file; the store makes its collections and indexes again on open.
      await mongo.dropDatabase();
      await emptyIndex(search, name);
    },
    async drop() {
      const { mongo, search } = await connect();
      await mongo.dropDatabase();
      await search.indices.delete({ index: `${name}-v*` }, { ignore: [404] });
      await Promise.all([mongo.close(), search.close()]);
    },
  };
}

/**
 * A new index costs the node seconds (a cluster-state change); emptying the one there costs
 * milliseconds. The test node has no reindex module, so no _delete_by_query: ids, then a bulk
 * delete (test catalogs hold far fewer than 10,000 documents).
 */
async function emptyIndex(search: Client, alias: string): Promise<void> {
  const found = await search.search({ index: alias, size: 10_000, _source: false }, { ignore: [404] });
  const ids = (found.hits?.hits ?? []).map((hit) => hit._id);
  if (ids.length === 0) return;
  await search.bulk({ refresh: true, operations: ids.map((id) => ({ delete: { _index: alias, _id: id } })) });
}

/** The same server with another database: the path of a MongoDB URL names it. */
function withDatabase(url: string, database: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${database}`);
}
