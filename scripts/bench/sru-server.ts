import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';

/**
 * The server of bench:sru, in a process of its own: the API over a catalog opened read-only, so
 * a benchmark database another checkout made (or is keeping) is never written. One thread, no
 * read pool and no security module (so no rate limiter): /search and /sru get exactly the same
 * conditions, and the bench compares the two, not the server's capacity (bench:api does that).
 * Prints `port N` on stdout when listening; stops on SIGTERM.
 *
 *   node dist/scripts/bench/sru-server.js DB
 */
async function main(): Promise<void> {
  const [db] = process.argv.slice(2);
  if (!db) throw new Error('usage: sru-server DB');
  const backends = openSqliteBackends(db, { readonly: true });
  const app = createApp({
    backends,
    onUnexpected: (err) => process.stderr.write(`sru-server: ${String((err as Error)?.stack ?? err)}\n`),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => {
      backends.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`sru-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
