import type { AddressInfo } from 'node:net';
import { serve } from '../../src/cli/serve.command';

/**
 * The server schemathesis tests (scripts/ci/schemathesis.sh): `stacks serve --db DB --port 0`
 * as the command runs it, samples seeded, with the rate limiter's quota lifted. A fuzzer sends
 * hundreds of requests a second from one address; the default 2/s would turn its run into a test
 * of 429s, which a client may meet on any operation and so tell nothing about the spec. Prints
 * `port N` on stdout when listening; stops on SIGTERM.
 *
 *   LOG_LEVEL=warn node dist/scripts/ci/schemathesis-server.js DB
 */
async function main(): Promise<void> {
  const [db] = process.argv.slice(2);
  if (!db) throw new Error('usage: schemathesis-server DB');
  const serving = await serve(
    { db, port: '0' },
    { rateLimits: { capacity: 1_000_000_000, refillPerSecond: 1_000_000_000 } },
  );
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
    process.stderr.write(`schemathesis-server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
