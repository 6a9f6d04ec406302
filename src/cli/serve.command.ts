import type Database from 'better-sqlite3';
import type { Command } from 'commander';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from '../api/app';
import { createApiMetrics } from '../api/metrics/api.metrics';
import { findSpecFile } from '../api/openapi/openapi.spec';
import { createKeyStore, createSecurity, type RateLimiterOptions } from '../api/security';
import type { Backends } from '../backends/backends';
import { startIndexCatchUp } from '../backends/index-catch-up.loop';
import { openBackends, openLocalState } from '../backends/open-backends';
import { loadConfig, type Config } from '../config';
import { createJobService, type JobServiceHandle } from '../jobs/job.service';
import { createLogger, type Logger } from '../logging/logger';
import { createDefaultMapper } from '../mapping/default-mapper';
import type { Mapper } from '../mapping/mapper';
import { intFlag } from './catalog-flags';
import { seedSamplesIfEmpty } from './sample-seed';

interface ServeFlags {
  db?: string;
  port?: string;
  samples?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (loads the bundled samples into an empty catalog first)')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--port <n>', 'port to listen on (default: $PORT or 3000; 0 for any free port)')
    .option('--no-samples', 'do not load the samples into an empty catalog')
    .action(async (flags: ServeFlags) => {
      const serving = await serve(flags);
      stopOnSignals(serving.log, serving.stop);
    });
}

/** For programmatic callers only; the command has no flag or variable for these. */
export interface ServeOptions {
  /**
   * Token-bucket policies instead of DEFAULT_RATE_LIMITS (`false`: none). The HTTP benchmark
   * lifts the quotas with this so that it measures the server, not the limiter's refusals; no
   * deployment setting can, so a production server cannot lose its limits by a stray variable.
   */
  rateLimits?: RateLimiterOptions | false;
}

export interface Serving {
  server: Server;
  log: Logger;
  /** Stops listening, lets jobs reach a batch boundary, closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the catalog, turns jobs a previous process left running into `interrupted`, seeds an
 * empty catalog, then listens. SIGINT/SIGTERM stop accepting, let jobs reach a batch boundary,
 * and close the database. Jobs and API keys stay in the local SQLite file whatever the backends.
 * On a composed pair a background loop indexes what the store holds as pending (docs/store.md).
 */
export async function serve(flags: ServeFlags, options: ServeOptions = {}): Promise<Serving> {
  const port = intFlag('port', flags.port, 0, 65535);
  const config = loadConfig(process.env, {
    ...(flags.db ? { dbPath: flags.db } : {}),
    ...(port !== undefined ? { port } : {}),
  });
  const log = createLogger(config);
  const backends = await openBackends(config);
  const local = openLocalState(backends, config.dbPath);
  log.info({ backends: backends.describe() }, 'catalog opened');
  const map = createDefaultMapper();
  const jobs = createJobService({
    db: local.db,
    backends,
    map,
    uploadDir: path.join(path.dirname(path.resolve(config.dbPath)), 'uploads'),
    log: (level, message, fields) => log[level](fields, message),
  });
  const interrupted = await jobs.recover();
  if (interrupted > 0)
    log.warn(
      { interrupted },
      'jobs left running by the previous process are now interrupted; resume them with POST /jobs/{id}/resume',
    );
  if (flags.samples !== false) await seed(backends, map, log);
  const app = buildApp({ config, backends, db: local.db, jobs, map, log, rateLimits: options.rateLimits });
  const server = await listen(app, config);
  const catchUp = startIndexCatchUp(backends, log);
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await catchUp.stop();
    await jobs.close();
    local.close();
    await backends.close();
  };
  return { server, log, stop };
}

/** The app with the production middlewares: request logs, headers, CORS, keys, rate limits. */
function buildApp(parts: {
  config: Config;
  backends: Backends;
  /** The local SQLite file, where API keys live. */
  db: Database.Database;
  jobs: JobServiceHandle;
  map: Mapper;
  log: Logger;
  rateLimits: ServeOptions['rateLimits'];
}): ReturnType<typeof createApp> {
  const { config, backends, db, jobs, map, log, rateLimits } = parts;
  const keys = createKeyStore(db);
  const app = createApp({
    backends,
    map,
    jobs,
    metrics: createApiMetrics({ jobs, processMetrics: true }),
    security: createSecurity({ config, keys, logger: log, rateLimits }),
    onUnexpected: (err, _req, requestId) => log.error({ err, reqId: requestId }, 'unexpected error'),
  });
  app.set('trust proxy', config.trustProxy);
  return app;
}

async function seed(backends: Backends, map: Mapper, log: Logger): Promise<void> {
  const dir = path.join(path.dirname(findSpecFile()), 'ingest', 'samples');
  const seeded = await seedSamplesIfEmpty(backends, map, dir);
  if (!seeded) return;
  if (seeded.files.length === 0) log.info({ dir }, 'the catalog is empty and no sample records were found');
  else
    log.info(
      { files: seeded.files.map((f) => path.basename(f)), counts: seeded.counts },
      'loaded the sample records into the empty catalog',
    );
}

/**
 * How long an idle keep-alive connection stays open (Node's default is 5 s). A synchronous SQLite
 * query blocks the event loop, and when the loop comes back the timer can fire before the next
 * request, already arrived on that connection, is read: the client gets ECONNRESET for a request
 * it had sent (bench:api: 39 of them at 64 concurrent broad searches on 1M records). At 65 s that
 * takes a stall of over a minute, and a load balancer's usual 60 s idle timeout closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, (err?: Error) => {
      if (err) return reject(err);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      process.stdout.write(
        `Stacks API listening on http://localhost:${port} — reference at http://localhost:${port}/docs\n`,
      );
      resolve(server);
    });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  });
}

function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}
