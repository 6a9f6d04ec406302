import path from 'node:path';
import {
  corsOriginsFrom,
  trustProxyFrom,
  type CorsOrigins,
  type TrustProxy,
} from './api/security/security.config';
import { AppError } from './errors/app-error';

/**
 * The one typed configuration, read once from the environment (and command-line overrides).
 * Every bad variable is named in one error, so a deployment is fixed in one go, not one
 * variable per restart.
 */
export interface Config {
  /** SQLite file for the embedded store and index (STACKS_DB, `--db`). */
  dbPath: string;
  store: 'sqlite';
  index: 'sqlite';
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Origins allowed to read the API from a browser (STACKS_CORS_ORIGINS; default `*`). */
  corsOrigins: CorsOrigins;
  /** Express `trust proxy`: which X-Forwarded-For hops decide req.ip (STACKS_TRUST_PROXY; default off). */
  trustProxy: TrustProxy;
}

export const DEFAULT_DB_PATH = path.join('data', 'stacks.db');

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const config: Config = {
    dbPath: overrides.dbPath ?? nonEmpty(env, 'STACKS_DB', problems) ?? DEFAULT_DB_PATH,
    store: oneOf(env, 'STACKS_STORE', ['sqlite'] as const, 'sqlite', problems),
    index: oneOf(env, 'STACKS_INDEX', ['sqlite'] as const, 'sqlite', problems),
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
  };
  if (problems.length > 0) {
    throw new AppError('invalid_config', `invalid configuration: ${problems.join('; ')}`, { problems });
  }
  return config;
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
