import net from 'node:net';
import { createSearchClient } from '../../src/connections/search-client';
import { AppError } from '../../src/errors/app-error';
import { createElasticSearchIndex } from '../../src/search/elastic/elastic.search-index';
import { searchFixtures } from '../support/search-fixtures';
import { describeWithSearch } from '../support/services';

/**
 * The read budget on the search engine: the same `search_timeout` as an embedded read. The engine
 * is made slow for this client only by a loopback proxy that, once stalled, accepts connections
 * and never forwards a byte (the node is shared with other suites, so it is never paused itself).
 */
class StallingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;

  constructor(target: URL) {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (this.stalled) return;
      const upstream = net.connect(Number(target.port), target.hostname);
      this.sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** From now on nothing answers: open connections are cut, new ones hang. */
  stall(): void {
    this.stalled = true;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describeWithSearch('SearchIndex on the search engine: the read budget', (target) => {
  const alias = `stacks-test-${process.pid}-${Date.now().toString(36)}-budget`;

  test('when the engine does not answer within the budget, then the read fails search_timeout with a retry time', async () => {
    const proxy = new StallingProxy(new URL(target.url));
    const client = createSearchClient({ ...target, url: await proxy.listen() });
    try {
      const index = await createElasticSearchIndex(client, {
        indexName: alias,
        refresh: true,
        readTimeoutMs: 500,
      });
      await index.upsert(searchFixtures());
      expect((await index.search({ limit: 1 })).total).toBeGreaterThan(0);
      proxy.stall();
      const error = await index.search({ limit: 1, facets: [{ field: 'format' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'search_timeout', status: 503, details: { retryAfterSeconds: 1 } });
      await expect(index.browse({ index: 'title', from: 'a' })).rejects.toMatchObject({
        code: 'search_timeout',
      });
    } finally {
      await client.close();
      await proxy.close();
      const direct = createSearchClient(target);
      await direct.indices.delete({ index: `${alias}*` }, { ignore: [404] });
      await direct.close();
    }
  });
});
