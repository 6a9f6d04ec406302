import type { AddressInfo } from 'node:net';
import type { RateLimiterOptions } from '../../src/api/security';
import { serve } from '../../src/cli/serve.command';

/**
 * The server of bench:api, run from the dist snapshot in a process of its own (so the load tool
 * and the server do not share an event loop): `stacks serve --db DB --port 0 --no-samples` as the
 * command runs it, with one difference. The token-bucket limiter still runs on every request and
 * sets its headers, so its cost is measured, but its quota is lifted: the default policies (2/s
 * anonymous, 20/s for keys) would turn a load test into a test of 429s. Prints `port N` on stdout
 * when listening; stops on SIGTERM.
 *
 *   LOG_LEVEL=silent node dist/scripts/bench/api-server.js DB
 */
export const BENCH_RATE_LIMITS: RateLimiterOptions = {
  capacity: 1_000_000_000,
  refillPerSecond: 1_000_000_000,
};

async function main(): Promise<void> {
  const [db] = process.argv.slice(2);
  if (!db) throw new Error('usage: api-server DB');
  // serve() announces its URL on stdout; the bench reads the `port` line written after it.
  const serving = await serve({ db, port: '0', samples: false }, { rateLimits: BENCH_RATE_LIMITS });
  const { port } = serving.server.address() as AddressInfo;
  process.stdout.write(`port ${port}\n`);
  process.once('SIGTERM', () => {
    serving.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`api-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
