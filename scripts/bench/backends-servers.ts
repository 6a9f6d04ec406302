import type { estypes } from '@elastic/elasticsearch';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createSearchClient, isSearchEngine, type SearchEngine } from '../../src/connections/search-client';
import { aliasTargets, dropIndices } from '../../src/search/elastic/index-alias';

/**
 * The servers side of `bench:backends`: where the MongoDB-protocol server and the search node are
 * (the environment, else the .services.env of scripts/services/up), the environment that points
 * the CLI at a fresh database and alias of their own, the servers' versions as they report them,
 * the space a run took, and dropping it all afterwards.
 */

export interface ServiceUrls {
  mongoUrl: string;
  searchUrl: string;
  engine: SearchEngine;
}

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

/** Benchmarks talk to loopback only (docs/services.md); anything else is refused, not measured. */
export function requireLoopback(name: string, url: string): string {
  const host = new URL(url).hostname;
  if (host !== 'localhost' && host !== '[::1]' && !host.startsWith('127.')) {
    throw new Error(`${name}=${url}: bench:backends talks to servers on 127.0.0.1 only`);
  }
  return url;
}

/** MONGODB_URL, SEARCH_URL and SEARCH_ENGINE (default opensearch): the environment first, then the file. */
export function serviceUrls(env: NodeJS.ProcessEnv, envFileText: string | undefined): ServiceUrls {
  const file = envFileText === undefined ? {} : parseEnvFile(envFileText);
  const pick = (key: string): string | undefined => env[key] || file[key] || undefined;
  const mongoUrl = pick('MONGODB_URL');
  const searchUrl = pick('SEARCH_URL');
  if (!mongoUrl || !searchUrl)
    throw new Error(
      'MONGODB_URL and SEARCH_URL are not set and .services.env lacks them: run scripts/services/up',
    );
  const engine = pick('SEARCH_ENGINE') ?? 'opensearch';
  if (!isSearchEngine(engine))
    throw new Error(`SEARCH_ENGINE must be elasticsearch or opensearch, not ${engine}`);
  return {
    mongoUrl: requireLoopback('MONGODB_URL', mongoUrl),
    searchUrl: requireLoopback('SEARCH_URL', searchUrl),
    engine,
  };
}

export function readServiceUrls(root: string): ServiceUrls {
  const file = path.join(root, '.services.env');
  return serviceUrls(process.env, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
}

/** The variables `stacks` reads (src/config.ts) for the scale-out pair, on a database and alias of this run. */
export interface ScaleOutEnv {
  STACKS_STORE: 'mongodb';
  MONGODB_URL: string;
  STACKS_INDEX: SearchEngine;
  SEARCH_URL: string;
  STACKS_INDEX_NAME: string;
}

/**
 * A database and an alias named after the run (`tag`: letters, digits), so that nothing another
 * engineer or a test suite keeps on the same servers is read, counted or dropped.
 */
export function scaleOutEnv(urls: ServiceUrls, tag: string): ScaleOutEnv {
  if (!/^[a-z0-9]{1,40}$/.test(tag)) throw new Error(`run tag must be lower-case letters and digits: ${tag}`);
  const url = new URL(urls.mongoUrl);
  url.pathname = `/stacks_bench_${tag}`;
  return {
    STACKS_STORE: 'mongodb',
    MONGODB_URL: url.toString(),
    STACKS_INDEX: urls.engine,
    SEARCH_URL: urls.searchUrl,
    STACKS_INDEX_NAME: `stacks-bench-${tag}`,
  };
}

export const EMBEDDED_ENV = { STACKS_STORE: 'sqlite', STACKS_INDEX: 'sqlite' } as const;

type Json = Record<string, unknown>;

async function withMongo<T>(url: string, work: (db: MongoDb) => Promise<T>): Promise<T> {
  const connection = await connectMongo(url, { serverSelectionTimeoutMs: 5000 });
  try {
    return await work(connection.db as unknown as MongoDb);
  } finally {
    await disconnectMongo(connection);
  }
}

/** The two driver calls used here, so that no driver type leaks into the rest of the benchmark. */
interface MongoDb {
  command(command: Json): Promise<Json>;
  admin(): { command(command: Json): Promise<Json> };
  dropDatabase(): Promise<unknown>;
}

export interface ServerVersions {
  /** `FerretDB` or `MongoDB`. */
  storeName: string;
  /** `OpenSearch` or `Elasticsearch`. */
  searchName: string;
  /** One line per server, as each reports itself: buildInfo, and the node's `GET /` and JVM. */
  lines: string[];
}

export async function serverVersions(urls: ServiceUrls): Promise<ServerVersions> {
  const info = await withMongo(urls.mongoUrl, (db) => db.admin().command({ buildInfo: 1 }));
  const env = (info.buildEnvironment ?? {}) as Json;
  const ferret = info.ferretdbVersion ? `FerretDB ${String(info.ferretdbVersion)}, ` : '';
  const go = env['go.version'] ? `, ${String(env['go.version'])}` : '';
  const search = await searchVersion(urls);
  return {
    storeName: ferret ? 'FerretDB' : 'MongoDB',
    searchName: search.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch',
    lines: [`MongoDB protocol: ${ferret}reports MongoDB ${String(info.version)}${go}`, search.line],
  };
}

async function searchVersion(urls: ServiceUrls): Promise<{ distribution: string; line: string }> {
  const client = createSearchClient({ url: urls.searchUrl, engine: urls.engine });
  try {
    const root = (await client.info()) as unknown as { version: Json & { number: string } };
    const nodes = (await client.nodes.info({ node_id: '_local', metric: 'jvm' })) as unknown as {
      nodes: Record<string, { jvm?: { version?: string; mem?: { heap_max_in_bytes?: number } } }>;
    };
    const jvm = Object.values(nodes.nodes)[0]?.jvm;
    const heap = jvm?.mem?.heap_max_in_bytes ? `, heap max ${jvm.mem.heap_max_in_bytes / 2 ** 20} MiB` : '';
    const distribution = String(root.version.distribution ?? 'elasticsearch');
    const lucene = String(root.version.lucene_version);
    return {
      distribution,
      line: `search: ${distribution} ${root.version.number}, Lucene ${lucene}, JVM ${jvm?.version ?? '?'}${heap}`,
    };
  } finally {
    await client.close();
  }
}

/** Bytes the run's records and index take on the servers (the store's dbStats, the index's store size). */
export async function scaleOutSizes(env: ScaleOutEnv): Promise<{ storeBytes: number; indexBytes: number }> {
  const stats = await withMongo(env.MONGODB_URL, (db) => db.command({ dbStats: 1 }));
  const storeBytes = Number(stats.totalSize ?? stats.storageSize ?? stats.dataSize ?? 0);
  const client = createSearchClient({ url: env.SEARCH_URL, engine: env.STACKS_INDEX });
  try {
    const s = await client.indices.stats({ index: env.STACKS_INDEX_NAME, metric: 'store' });
    return { storeBytes, indexBytes: s._all.primaries?.store?.size_in_bytes ?? 0 };
  } finally {
    await client.close();
  }
}

/** Drops the run's database and every index behind its alias; what is already gone is fine. */
export async function dropScaleOut(env: ScaleOutEnv): Promise<void> {
  await withMongo(env.MONGODB_URL, (db) => db.dropDatabase());
  const client = createSearchClient({ url: env.SEARCH_URL, engine: env.STACKS_INDEX });
  try {
    const targets = await aliasTargets(client, env.STACKS_INDEX_NAME);
    const versioned = await client.indices.get({
      index: `${env.STACKS_INDEX_NAME}-v*`,
      allow_no_indices: true,
    });
    await dropIndices(client, [...new Set([...targets, ...Object.keys(versioned)])]);
  } finally {
    await client.close();
  }
}

/** The engine's own counters for the run's index (primaries; one shard): what it did and how long it took. */
export interface EngineStats {
  docs: number;
  segments: number;
  indexTotal: number;
  indexMs: number;
  refreshTotal: number;
  refreshMs: number;
  mergeMs: number;
  queryTotal: number;
  queryMs: number;
  fetchTotal: number;
  fetchMs: number;
}

export async function engineStats(env: ScaleOutEnv): Promise<EngineStats> {
  const client = createSearchClient({ url: env.SEARCH_URL, engine: env.STACKS_INDEX });
  try {
    const metric: estypes.CommonStatsFlag[] = ['docs', 'segments', 'indexing', 'refresh', 'merge', 'search'];
    const s = (await client.indices.stats({ index: env.STACKS_INDEX_NAME, metric }))._all.primaries ?? {};
    return {
      docs: s.docs?.count ?? 0,
      segments: s.segments?.count ?? 0,
      indexTotal: s.indexing?.index_total ?? 0,
      indexMs: s.indexing?.index_time_in_millis ?? 0,
      refreshTotal: s.refresh?.total ?? 0,
      refreshMs: s.refresh?.total_time_in_millis ?? 0,
      mergeMs: s.merges?.total_time_in_millis ?? 0,
      queryTotal: s.search?.query_total ?? 0,
      queryMs: s.search?.query_time_in_millis ?? 0,
      fetchTotal: s.search?.fetch_total ?? 0,
      fetchMs: s.search?.fetch_time_in_millis ?? 0,
    };
  } finally {
    await client.close();
  }
}
