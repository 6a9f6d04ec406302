import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { isSearchEngine, type SearchEngine } from '../../src/connections/search-client';

/**
 * Suites that need a real MongoDB-protocol server or a real search node find them here:
 * MONGODB_URL / SEARCH_URL (and SEARCH_ENGINE, default opensearch) from the environment, else
 * from the .services.env that scripts/services/up writes at the repository root. Without them
 * the suites are skipped, and say so, so that `npm test` passes on a bare clone.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENV_FILE = path.join(REPO_ROOT, '.services.env');
const PID_FILES = ['ferretdb.pid', 'opensearch.pid'].map((name) =>
  path.join(REPO_ROOT, 'tmp', 'services', name),
);
const HOW_TO_RUN = 'run scripts/services/up first, or the full run: npm run test:full';

export interface SearchTarget {
  url: string;
  engine: SearchEngine;
}

interface ServiceSettings {
  mongoUrl?: string;
  search?: SearchTarget;
  /** Why the env file was not used, when it was there. */
  envFileProblem?: string;
}

function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

function processAlive(pidFile: string): boolean {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

/** The env file outlives its servers after a reboot or a crash; a dead pid means it is stale. */
function readEnvFile(): { values: Record<string, string>; problem?: string } {
  if (!existsSync(ENV_FILE)) return { values: {} };
  if (!PID_FILES.every(processAlive)) {
    return { values: {}, problem: `${ENV_FILE} is stale: the servers it names are not running` };
  }
  return { values: parseEnvFile(readFileSync(ENV_FILE, 'utf8')) };
}

/** Tests talk to loopback only (docs/services.md); a URL elsewhere is a mistake, not a skip. */
function requireLoopback(name: string, url: string): string {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host) && !host.startsWith('127.')) {
    throw new Error(`${name}=${url}: test servers must be on 127.0.0.1 (loopback only)`);
  }
  return url;
}

function loadSettings(): ServiceSettings {
  const file = readEnvFile();
  const pick = (key: string): string | undefined => process.env[key] || file.values[key] || undefined;
  const mongoUrl = pick('MONGODB_URL');
  const searchUrl = pick('SEARCH_URL');
  const engine = pick('SEARCH_ENGINE') ?? 'opensearch';
  if (!isSearchEngine(engine)) {
    throw new Error(`SEARCH_ENGINE must be elasticsearch or opensearch; got ${JSON.stringify(engine)}`);
  }
  return {
    ...(mongoUrl && { mongoUrl: requireLoopback('MONGODB_URL', mongoUrl) }),
    ...(searchUrl && { search: { url: requireLoopback('SEARCH_URL', searchUrl), engine } }),
    ...(file.problem && { envFileProblem: file.problem }),
  };
}

export const serviceSettings: ServiceSettings = loadSettings();

const announced = new Set<string>();

function announceSkip(variable: string, suite: string): void {
  if (announced.has(variable)) return;
  announced.add(variable);
  const why = serviceSettings.envFileProblem ?? `${variable} is not set and ${ENV_FILE} is absent`;
  process.stderr.write(
    `service suites SKIPPED: "${suite}" (and any other that needs ${variable}): ${why}; ${HOW_TO_RUN}\n`,
  );
}

/**
 * describe() with the MongoDB URL when a server is configured; otherwise a skipped describe and
 * one notice. `fn` must use the URL only inside hooks and tests: when skipped it gets ''.
 */
export function describeWithMongo(name: string, fn: (mongoUrl: string) => void): void {
  const url = serviceSettings.mongoUrl;
  if (url) {
    describe(name, () => fn(url));
    return;
  }
  announceSkip('MONGODB_URL', name);
  describe.skip(`${name} (SKIPPED: no MongoDB server; ${HOW_TO_RUN})`, () => fn(''));
}

/** As describeWithMongo, for a search node (SEARCH_URL, SEARCH_ENGINE). */
export function describeWithSearch(name: string, fn: (target: SearchTarget) => void): void {
  const target = serviceSettings.search;
  if (target) {
    describe(`${name} [${target.engine}]`, () => fn(target));
    return;
  }
  announceSkip('SEARCH_URL', name);
  describe.skip(`${name} (SKIPPED: no search server; ${HOW_TO_RUN})`, () =>
    fn({ url: '', engine: 'opensearch' }));
}

export interface ScaleOutServices {
  mongoUrl: string;
  search: SearchTarget;
}

/** As describeWithMongo, for suites that need both servers (the scale-out pair end to end). */
export function describeWithServices(name: string, fn: (services: ScaleOutServices) => void): void {
  const { mongoUrl, search } = serviceSettings;
  if (mongoUrl && search) {
    describe(`${name} [mongodb + ${search.engine}]`, () => fn({ mongoUrl, search }));
    return;
  }
  announceSkip(mongoUrl ? 'SEARCH_URL' : 'MONGODB_URL', name);
  describe.skip(`${name} (SKIPPED: needs MongoDB and a search server; ${HOW_TO_RUN})`, () =>
    fn({ mongoUrl: '', search: { url: '', engine: 'opensearch' } }));
}
