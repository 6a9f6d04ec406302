import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { openLoanPolicy } from '../../src/api/loan-policy';
import { openLocationDirectory } from '../../src/api/location-directory';
import { createKeyStore, createSecurity } from '../../src/api/security';
import { openBackends, openLocalState } from '../../src/backends/open-backends';
import { openReadPool } from '../../src/backends/pooled.backends';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../src/cli/serve.command';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { BENCH_RATE_LIMITS } from './api-server';

/**
 * The server of bench:circulation, in a process of its own (the load tool does not share its event
 * loop): what `stacks serve` builds (src/cli/serve.command.ts buildApp: the backends the
 * environment names, the read pool, request logging at LOG_LEVEL, security headers, API keys, the
 * token-bucket limiter with its quota lifted as in api-server.ts, the bundled locations and loan
 * rules), minus jobs, the sample seed and the index catch-up loop, listening on 127.0.0.1 only.
 * Makes one staff API key in the local SQLite state, prints `port N` and `key SECRET` on stdout,
 * and stops on SIGTERM.
 *
 *   LOG_LEVEL=silent STACKS_DB=… [STACKS_STORE=mongodb MONGODB_URL=…] node dist/scripts/bench/circulation-server.js
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config);
  const backends = await openBackends(config);
  const local = openLocalState(backends, config.dbPath);
  const reads = await openReadPool(backends, config);
  const keys = createKeyStore(local.db);
  const { secret } = await keys.create({ name: 'circulation-bench', role: 'staff' });
  const app = createApp({
    backends: reads,
    locations: openLocationDirectory(config.locationsPath),
    loanPolicy: openLoanPolicy(config.loanRulesPath),
    security: createSecurity({ config, keys, logger: log, rateLimits: BENCH_RATE_LIMITS }),
    onUnexpected: (err) => process.stderr.write(`unexpected: ${(err as Error)?.stack ?? String(err)}\n`),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  process.stdout.write(`port ${(server.address() as AddressInfo).port}\nkey ${secret}\n`);
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    Promise.resolve()
      .then(() => local.close())
      .then(() => reads.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `circulation-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
