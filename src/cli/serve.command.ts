import type Database from 'better-sqlite3';
import type { Command } from 'commander';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from '../api/app';
import { answerClientErrors } from '../api/client-error';
import { openLoanPolicy } from '../api/loan-policy';
import { openLocationDirectory } from '../api/location-directory';
import { createApiMetrics } from '../api/metrics/api.metrics';
import { findSpecFile } from '../api/openapi/openapi.spec';
import { createKeyStore, createSecurity, type RateLimiterOptions } from '../api/security';
import { rateLimiterOptions } from '../config/security.config';
import type { Backends } from '../backends/backends';
import { startIndexCatchUp } from '../backends/index-catch-up.loop';
import { openBackends, openLocalState } from '../backends/open-backends';
import { openReadPool } from '../backends/pooled.backends';
import { loadConfig, type Config } from '../config';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import type { LocationDirectory } from '../domain/items/locations';
import { createJobService, type JobServiceHandle } from '../jobs/job.service';
import { createLogger, type Logger } from '../logging/logger';
import { loadMapper } from '../ingest/profile-loader';
import { circulationPortsOf, CirculationService } from '../services/circulation.service';
import type { Mapper } from '../mapping/mapper';
import { intFlag } from './catalog-flags';
import { startCirculationUpkeep } from './circulation-upkeep';
import { trackForDrain, type HttpDrain } from './http-drain';
import { seedSampleDeskIfNew, type SampleDeskRules } from './sample-desk';
import { seedSamplesIfEmpty } from './sample-seed';

interface ServeFlags {
  db?: string;
  port?: string;
  samples?: boolean;
  profile?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (loads the bundled samples into an empty catalog first)')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--port <n>', 'port to listen on (default: $PORT or 3000; 0 for any free port)')
    .option('--no-samples', 'do not load the samples into an empty catalog')
    .option(
      '--profile <file>',
      'mapping profile for the seed, jobs and PUTs (default: $STACKS_PROFILE or the bundled one)',
    )
    .action(async (flags: ServeFlags) => {
      const early = holdSignals();
      const serving = await serve(flags).catch((error: unknown) => {
        // A server that did not start has nothing to drain: a signal ends the process as usual.
        early.replay();
        throw error;
      });
      stopOnSignals(serving);
      early.replay();
    });
}

/**
 * Keeps SIGINT/SIGTERM that arrive before the server can drain: a client may signal as soon as
 * the URL is printed, and a busy machine can pause this thread between printing it and installing
 * the drain's handlers; without a handler the signal kills the process and resets every
 * connection (seen with the read pool's threads sharing a loaded machine).
 */
function holdSignals(): { replay(): void } {
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals): void => void held.push(signal);
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  return {
    replay() {
      process.off('SIGINT', hold);
      process.off('SIGTERM', hold);
      for (const signal of held) process.emit(signal, signal);
    },
  };
}

/** For programmatic callers only; the command has no flag or variable for these. */
export interface ServeOptions {
  /**
   * Token-bucket policies instead of those configured (STACKS_RATE_*), `false` for none. The HTTP
   * benchmark lifts the quotas with this so that it measures the server, not the limiter's
   * refusals; the variables can raise a limit but never remove it, so a production server cannot
   * lose its limits by a stray setting.
   */
  rateLimits?: RateLimiterOptions | false;
}

export interface Serving {
  server: Server;
  log: Logger;
  /**
   * Drains (stops accepting, answers every request received, closes connections as they fall
   * idle, cuts what is left at STACKS_SHUTDOWN_TIMEOUT_MS), lets jobs reach a batch boundary,
   * closes the database. `cut`: connections destroyed with a request unanswered.
   */
  stop(): Promise<{ cut: number }>;
  /** Ends a drain under way at once (a second signal). */
  cutShort(): void;
}

/**
 * Opens the catalog, turns jobs a previous process left running into `interrupted`, seeds an
 * empty catalog, then listens. SIGINT/SIGTERM drain (every request received is answered), let jobs
 * reach a batch boundary, and close the database (docs/api.md, "Stopping"). Jobs and API keys stay
 * in the local SQLite file whatever the backends.
 * On a composed pair a background loop indexes what the store holds as pending (docs/store.md).
 */
export async function serve(flags: ServeFlags, options: ServeOptions = {}): Promise<Serving> {
  const port = intFlag('port', flags.port, 0, 65535);
  const config = loadConfig(process.env, {
    ...(flags.db ? { dbPath: flags.db } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(flags.profile ? { profilePath: flags.profile } : {}),
  });
  // Compiled before the catalog opens: a bad rule stops the server before it listens.
  const map = loadMapper(config.profilePath);
  // Likewise the locations file: a bad line stops start-up, named, before anything is opened.
  const locations = openLocationDirectory(config.locationsPath);
  // And the loan rules: a rule that contradicts another is refused now, not at the desk.
  const loanPolicy = openLoanPolicy(config.loanRulesPath);
  const log = createLogger(config);
  const backends = await openBackends(config);
  const local = openLocalState(backends, config.dbPath);
  // The HTTP routes read through a pool of worker threads; jobs, the seed and the catch-up write
  // (and read what they write) on the one connection of `backends`. Closing `reads` closes both.
  const reads = await openReadPool(backends, config).catch(async (error: unknown) => {
    local.close();
    await backends.close();
    throw error;
  });
  log.info({ backends: reads.describe() }, 'catalog opened');
  log.info({ profile: map.profileName }, 'mapping profile loaded');
  log.info(
    { locations: config.locationsPath ?? 'bundled', count: locations.codes().length },
    'locations file loaded',
  );
  log.info(
    { loanRules: config.loanRulesPath ?? 'bundled', rules: loanPolicy.describe().rules.length },
    'loan rules loaded',
  );
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
  if (flags.samples !== false) await seed(backends, map, { policy: loanPolicy, locations }, log);
  // The app asks whether the server drains; the drain exists only once the server listens.
  const lifecycle: { http?: HttpDrain } = {};
  const rateLimits = options.rateLimits ?? rateLimiterOptions(config.rateLimits);
  const shuttingDown = (): boolean => lifecycle.http?.draining ?? false;
  const app = buildApp({
    config,
    backends: reads,
    db: local.db,
    jobs,
    map,
    locations,
    loanPolicy,
    log,
    rateLimits,
    shuttingDown,
  });
  const server = await listen(app, config);
  const http = trackForDrain(server, { timeoutMs: config.shutdownTimeoutMs });
  lifecycle.http = http;
  const catchUp = startIndexCatchUp(backends, log);
  // Hold expiry writes, so on the one writer connection, not the read pool.
  const upkeep = startCirculationUpkeep(
    new CirculationService(circulationPortsOf(backends), loanPolicy),
    log,
  );
  const stop = stopInOrder(http, [
    () => upkeep.stop(),
    () => catchUp.stop(),
    () => jobs.close(),
    () => local.close(),
    () => reads.close(),
  ]);
  return { server, log, stop, cutShort: () => http.cutShort() };
}

/** The HTTP drain first, since requests use everything after it; then each closer in turn. */
function stopInOrder(
  http: HttpDrain,
  closers: (() => void | Promise<void>)[],
): () => Promise<{ cut: number }> {
  return async () => {
    const { cut } = await http.drain();
    for (const close of closers) await close();
    return { cut };
  };
}

/** The app with the production middlewares: request logs, headers, CORS, keys, rate limits. */
function buildApp(parts: {
  config: Config;
  backends: Backends;
  /** The local SQLite file, where API keys live. */
  db: Database.Database;
  jobs: JobServiceHandle;
  map: Mapper;
  locations: LocationDirectory;
  loanPolicy: LoanPolicy;
  log: Logger;
  rateLimits: RateLimiterOptions | false;
  shuttingDown: () => boolean;
}): ReturnType<typeof createApp> {
  const { config, backends, db, jobs, map, locations, loanPolicy, log, rateLimits, shuttingDown } = parts;
  const keys = createKeyStore(db);
  const app = createApp({
    backends,
    map,
    locations,
    loanPolicy,
    jobs,
    metrics: createApiMetrics({ jobs, processMetrics: true }),
    security: createSecurity({ config, keys, logger: log, rateLimits }),
    oai: config.oai,
    onUnexpected: (err, _req, requestId) => log.error({ err, reqId: requestId }, 'unexpected error'),
    shuttingDown,
  });
  app.set('trust proxy', config.trustProxy);
  return app;
}

async function seed(backends: Backends, map: Mapper, rules: SampleDeskRules, log: Logger): Promise<void> {
  const dir = path.join(path.dirname(findSpecFile()), 'ingest', 'samples');
  const seeded = await seedSamplesIfEmpty(backends, map, dir);
  if (!seeded) return;
  if (seeded.files.length === 0) {
    log.info({ dir }, 'the catalog is empty and no sample records were found');
    return;
  }
  log.info(
    { files: seeded.files.map((f) => path.basename(f)), counts: seeded.counts },
    'loaded the sample records into the empty catalog',
  );
  await seedDesk(backends, rules, dir, log);
}

/**
 * The samples' patrons, loans and holds, through the circulation service. A desk that cannot be
 * made (a deployment's own profile, locations or loan rules that the sample desk does not fit) is
 * a warning, not a reason to refuse to serve the catalog.
 */
async function seedDesk(backends: Backends, rules: SampleDeskRules, dir: string, log: Logger): Promise<void> {
  try {
    const desk = await seedSampleDeskIfNew(backends, rules, dir);
    if (desk) log.info({ desk }, 'opened the sample desk: fictional patrons, their loans and holds');
  } catch (err) {
    log.warn(
      { code: (err as { code?: string }).code, message: (err as Error).message },
      'the sample desk was not set up; the sample records are loaded',
    );
  }
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
    answerClientErrors(server);
  });
}

/**
 * The first SIGINT/SIGTERM drains and stops; exit code 0, or 1 when the deadline cut requests.
 * A second one cuts the drain short (an impatient Ctrl-C), still closing the database cleanly.
 */
function stopOnSignals(serving: Serving): void {
  const { log } = serving;
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) {
      log.warn({ signal }, 'stopping now: connections still open are cut');
      return serving.cutShort();
    }
    stopping = true;
    log.info({ signal }, 'stopping: answering the requests received, accepting no more');
    serving.stop().then(
      ({ cut }) => {
        if (cut > 0) log.error({ cut }, 'stopped, with requests cut before they were answered');
        process.exit(cut > 0 ? 1 : 0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
