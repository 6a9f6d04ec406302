import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../src/api/app';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { createDefaultMapper } from '../../src/ingest/default-mapper';

/** The API over an in-memory catalog of the bundled samples, listening on 127.0.0.1:<free port>. */
export interface SampleServer {
  base: string;
  port: number;
  /** /search's total for a query-language query, for comparing with SRU's numberOfRecords. */
  total(q: string): Promise<number>;
  close(): Promise<void>;
}

export async function startSampleServer(): Promise<SampleServer> {
  const backends = openSqliteBackends(':memory:');
  const samples = path.join(__dirname, '..', '..', 'ingest', 'samples');
  await seedSamplesIfEmpty(backends, createDefaultMapper(), samples);
  const server: Server = createApp({ backends, onUnexpected: () => undefined }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    total: async (q) => {
      const res = await fetch(`${base}/search?${new URLSearchParams({ q, limit: '1' })}`);
      return ((await res.json()) as { total: number }).total;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backends.close();
    },
  };
}
