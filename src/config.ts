import { availableParallelism } from 'node:os';
import path from 'node:path';
import {
  corsOriginsFrom,
  rateLimitsFrom,
  trustProxyFrom,
  type CorsOrigins,
  type RateLimits,
  type TrustProxy,
} from './config/security.config';
import { oaiConfigFrom, type OaiConfig } from './config/oai.config';
import { redactUrl } from './connections/redact-url';
import { AppError } from './errors/app-error';

/**
 * The one typed configuration, read once from the environment (and command-line overrides).
 * Every bad variable is named in one error, so a deployment is fixed in one go, not one
 * variable per restart.
 */
export const STORE_KINDS = ['sqlite', 'mongodb'] as const;
export const INDEX_KINDS = ['sqlite', 'elasticsearch', 'opensearch'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export type IndexKind = (typeof INDEX_KINDS)[number];

export interface Config {
  /**
   * The local SQLite file (STACKS_DB, `--db`): the embedded store and index when chosen, and
   * always the process's own state (ingest jobs, API keys).
   */
  dbPath: string;
  /** Where records live (STACKS_STORE); chosen independently of the index. */
  store: StoreKind;
  /** MONGODB_URL, its path naming the database; set exactly when store is mongodb. */
  mongoUrl?: string;
  /** What answers searches (STACKS_INDEX). */
  index: IndexKind;
  /** SEARCH_URL, one node of the engine; set exactly when index is elasticsearch or opensearch. */
  searchUrl?: string;
  /** The engine's alias (STACKS_INDEX_NAME; default `stacks`), so catalogs can share one engine. */
  indexName: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Origins allowed to read the API from a browser (STACKS_CORS_ORIGINS; default `*`). */
  corsOrigins: CorsOrigins;
  /** Express `trust proxy`: which X-Forwarded-For hops decide req.ip (STACKS_TRUST_PROXY; default off). */
  trustProxy: TrustProxy;
  /** Token buckets per caller role and for /ready (STACKS_RATE_<NAME>_BURST / _PER_SECOND). */
  rateLimits: RateLimits;
  /** How long `serve` lets requests in flight finish after SIGTERM/SIGINT (STACKS_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /**
   * Worker threads that run the embedded index's searches, each on its own read-only connection;
   * record reads and look-ups get one more of their own (STACKS_SEARCH_WORKERS; default the number
   * of cores; 0 runs every read on the HTTP thread).
   */
  searchWorkers: number;
  /** A catalog read's budget, queueing included; past it 503 search_timeout (STACKS_SEARCH_TIMEOUT_MS). */
  searchTimeoutMs: number;
  /** Reads waiting for a worker at most; one more is 503 search_overloaded at once (STACKS_SEARCH_QUEUE). */
  searchQueue: number;
  /**
   * The mapping profile file (STACKS_PROFILE, `--profile`): JSON, or a module exporting one; unset
   * maps with the bundled default (ingest/profile/default.profile.ts).
   */
  profilePath?: string;
  /**
   * The locations file (STACKS_LOCATIONS): libraries and shelving locations with display names,
   * JSON or YAML; unset uses the bundled `ingest/locations.json`. Read and checked when the server starts.
   */
  locationsPath?: string;
  /**
   * The loan rules file (STACKS_LOAN_RULES): loan periods, renewals and limits by patron type × item
   * type × library, closed days, YAML or JSON (docs/circulation.md, "Loan rules"); unset uses the bundled
   * `ingest/loan-rules.yaml`. Read and checked when the server starts.
   */
  loanRulesPath?: string;
  /** What OAI-PMH's Identify says and its page sizes (STACKS_OAI_…, src/config/oai.config.ts). */
  oai: OaiConfig;
}

export const DEFAULT_DB_PATH = path.join('data', 'stacks.db');

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const config: Config = {
    dbPath: overrides.dbPath ?? nonEmpty(env, 'STACKS_DB', problems) ?? DEFAULT_DB_PATH,
    ...backendsFrom(env, problems),
    port: overrides.port ?? portFrom(env, problems),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
      problems,
    ),
    corsOrigins: corsOriginsFrom(env, problems),
    trustProxy: trustProxyFrom(env, problems),
    rateLimits: rateLimitsFrom(env, problems),
    shutdownTimeoutMs: shutdownTimeoutFrom(env, problems),
    ...readPoolFrom(env, problems),
    oai: oaiConfigFrom(env, problems),
  };
  // Empty keeps the bundled default, as Compose passes `${STACKS_PROFILE:-}` through (the same for
  // locations and loan rules).
  const profilePath = overrides.profilePath ?? (env.STACKS_PROFILE?.trim() || undefined);
  if (profilePath !== undefined) config.profilePath = profilePath;
  const locationsPath = env.STACKS_LOCATIONS?.trim() || undefined;
  if (locationsPath !== undefined) config.locationsPath = locationsPath;
  const loanRulesPath = env.STACKS_LOAN_RULES?.trim() || undefined;
  if (loanRulesPath !== undefined) config.loanRulesPath = loanRulesPath;
  if (problems.length > 0) {
    throw new AppError('invalid_config', `invalid configuration: ${problems.join('; ')}`, { problems });
  }
  return config;
}

type BackendsConfig = Pick<Config, 'store' | 'mongoUrl' | 'index' | 'searchUrl' | 'indexName'>;

/** Store and index each with the variables they need; a URL is read only for the side that uses it. */
function backendsFrom(env: Env, problems: string[]): BackendsConfig {
  const store = oneOf(env, 'STACKS_STORE', STORE_KINDS, 'sqlite', problems);
  const index = oneOf(env, 'STACKS_INDEX', INDEX_KINDS, 'sqlite', problems);
  return {
    store,
    ...(store === 'mongodb' && { mongoUrl: mongoUrlFrom(env, problems) }),
    index,
    ...(index !== 'sqlite' && { searchUrl: searchUrlFrom(env, index, problems) }),
    indexName: index === 'sqlite' ? DEFAULT_INDEX_NAME : indexNameFrom(env, problems),
  };
}

export const DEFAULT_INDEX_NAME = 'stacks';

function mongoUrlFrom(env: Env, problems: string[]): string {
  const url = env.MONGODB_URL?.trim() ?? '';
  if (url === '') problems.push('MONGODB_URL is required when STACKS_STORE=mongodb');
  else if (!/^mongodb(\+srv)?:\/\//.test(url))
    problems.push(`MONGODB_URL="${redactUrl(url)}" must start with mongodb:// or mongodb+srv://`);
  else if (!/^[^/]+\/\/[^/]+\/[^/?]+/.test(url))
    problems.push(`MONGODB_URL="${redactUrl(url)}" names no database; add it as the path (…:27017/stacks)`);
  return url;
}

function searchUrlFrom(env: Env, index: IndexKind, problems: string[]): string {
  const url = env.SEARCH_URL?.trim() ?? '';
  if (url === '') problems.push(`SEARCH_URL is required when STACKS_INDEX=${index}`);
  else if (!isHttpUrl(url)) problems.push(`SEARCH_URL="${redactUrl(url)}" is not an http:// or https:// URL`);
  return url;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** The rule the adapter enforces (checkAliasName), checked here so it is reported with the rest. */
function indexNameFrom(env: Env, problems: string[]): string {
  const name = env.STACKS_INDEX_NAME;
  if (name === undefined || name === '') return DEFAULT_INDEX_NAME;
  if (/^[a-z0-9][a-z0-9_-]{0,200}$/.test(name)) return name;
  problems.push(
    `STACKS_INDEX_NAME="${name}" must be lower-case letters, digits, _ or - (not starting with _ or -)`,
  );
  return DEFAULT_INDEX_NAME;
}

export const DEFAULT_SEARCH_TIMEOUT_MS = 10_000;
/**
 * Two seconds of broad searches on two workers at the 1M-record catalog's ~10 a second each
 * (docs/benchmarks.md): a read queued deeper would mostly outlive its budget anyway.
 */
export const DEFAULT_SEARCH_QUEUE = 128;

function readPoolFrom(
  env: Env,
  problems: string[],
): Pick<Config, 'searchWorkers' | 'searchTimeoutMs' | 'searchQueue'> {
  return {
    searchWorkers: intFrom(env, 'STACKS_SEARCH_WORKERS', [0, 256], availableParallelism(), problems),
    searchTimeoutMs: intFrom(
      env,
      'STACKS_SEARCH_TIMEOUT_MS',
      [1, 3_600_000],
      DEFAULT_SEARCH_TIMEOUT_MS,
      problems,
    ),
    searchQueue: intFrom(env, 'STACKS_SEARCH_QUEUE', [0, 1_000_000], DEFAULT_SEARCH_QUEUE, problems),
  };
}

function intFrom(
  env: Env,
  name: string,
  [min, max]: [number, number],
  fallback: number,
  problems: string[],
): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${name}="${value}" is not a whole number from ${min} to ${max}`);
  return fallback;
}

function nonEmpty(env: Env, name: string, problems: string[]): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') problems.push(`${name} is set but empty`);
  return value.trim() || undefined;
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name}="${value}" is not one of ${allowed.join(', ')}`);
  return fallback;
}

function portFrom(env: Env, problems: string[]): number {
  const value = env.PORT;
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT="${value}" is not a port number (0–65535)`);
    return 3000;
  }
  return port;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;
/** setTimeout's own ceiling (about 24.8 days); a longer wait would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The drain deadline. 25 s leaves a supervisor that kills after 30 s (Kubernetes'
 * terminationGracePeriodSeconds) time to see the database closed; 0 cuts every request at once.
 */
function shutdownTimeoutFrom(env: Env, problems: string[]): number {
  const value = env.STACKS_SHUTDOWN_TIMEOUT_MS?.trim();
  if (value === undefined || value === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const ms = Number(value);
  if (/^\d+$/.test(value) && ms <= MAX_TIMEOUT_MS) return ms;
  problems.push(
    `STACKS_SHUTDOWN_TIMEOUT_MS="${value}" is not a whole number of milliseconds (0–${MAX_TIMEOUT_MS})`,
  );
  return DEFAULT_SHUTDOWN_TIMEOUT_MS;
}
