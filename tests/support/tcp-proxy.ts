import net from 'node:net';

/**
 * A loopback TCP proxy a test can take down and bring back, to make "the search engine is down"
 * happen for one client only. The OpenSearch node is shared with every other suite running at the
 * same time, so stopping it (SIGSTOP or SIGKILL on its JVM) would fail them too, and restarting it
 * costs half a minute; closing this proxy refuses new connections and cuts the open ones exactly
 * as a dead node does for the client behind it, and nobody else notices.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** `http://127.0.0.1:<port>` of the proxy's own port, the same after every down/up. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = net.createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops listening (new connections are refused) and cuts every connection open through it. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
