import http, { type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { trackForDrain, type DrainOptions } from '../../../src/cli/http-drain';

interface TestServer {
  server: Server;
  port: number;
  drain: ReturnType<typeof trackForDrain>;
  /** Resolves once a /slow request has reached its handler. */
  slowArrived(): Promise<void>;
  release(): void;
}

/** A server whose /slow requests wait until released, and its port. */
async function startServer(options: DrainOptions): Promise<TestServer> {
  const waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const answer = () => res.end('ok');
    if (req.url === '/slow') waiting.push(answer);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const drain = trackForDrain(server, options);
  const { port } = server.address() as AddressInfo;
  const slowArrived = () =>
    new Promise<void>((resolve) => {
      const check = () => (waiting.length > 0 ? resolve() : setImmediate(check));
      check();
    });
  return { server, port, drain, slowArrived, release: () => waiting.splice(0).forEach((answer) => answer()) };
}

/** A raw keep-alive connection: send requests, read what comes back, see when it closes. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<string>((resolve) => {
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    socket.once('close', () => resolve('closed'));
  });
  const answers = (n: number) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if ((received.match(/HTTP\/1\.1 /g) ?? []).length >= n) resolve(received);
        else setImmediate(check);
      };
      check();
    });
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
    answers,
    closed,
  };
}

describe('draining an HTTP server', () => {
  test('when a request arrives on an idle keep-alive connection during the drain, then it is answered with Connection: close', async () => {
    const { port, drain } = await startServer({ timeoutMs: 60_000, graceMs: 60_000 });
    const client = await connect(port);
    client.send('/first');
    await client.answers(1);

    const drained = drain.drain();
    client.send('/second');
    const received = await client.answers(2);

    expect(
      received
        .split('HTTP/1.1 ')
        .slice(1)
        .map((r) => r.slice(0, 3)),
    ).toEqual(['200', '200']);
    expect(received.split('HTTP/1.1 ')[2]).toMatch(/connection: close/i);
    expect(await client.closed).toBe('closed');
    expect(drain.draining).toBe(true);
    drain.cutShort(); // the rest of the grace is not this test's business
    expect(await drained).toEqual({ cut: 0 });
  });

  test('when a request is in progress as the drain starts, then it finishes with Connection: close and the drain waits for it', async () => {
    const { port, drain, release, slowArrived } = await startServer({ timeoutMs: 60_000, graceMs: 0 });
    const client = await connect(port);
    client.send('/slow');
    await slowArrived();

    const drained = drain.drain();
    let done = false;
    void drained.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    const before = done;
    release();
    const received = await client.answers(1);

    expect(before).toBe(false);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toMatch(/connection: close/i);
    expect(await drained).toEqual({ cut: 0 });
  });

  test('when only idle connections are open, then they are closed and the drain ends', async () => {
    const { port, drain } = await startServer({ timeoutMs: 60_000, graceMs: 0 });
    const client = await connect(port);
    client.send('/first');
    await client.answers(1);

    const outcome = await drain.drain();

    expect(outcome).toEqual({ cut: 0 });
    expect(await client.closed).toBe('closed');
  });

  test('when a request outlives the deadline, then its connection is cut and counted', async () => {
    const { port, drain, slowArrived } = await startServer({ timeoutMs: 0, graceMs: 0 });
    const client = await connect(port);
    client.send('/slow');
    await slowArrived();

    const outcome = await drain.drain();

    expect(outcome).toEqual({ cut: 1 });
    expect(['closed', 'ECONNRESET']).toContain(await client.closed);
  });

  test('when the drain is cut short, then busy connections are destroyed at once', async () => {
    const { port, drain, slowArrived } = await startServer({ timeoutMs: 60_000, graceMs: 0 });
    const client = await connect(port);
    client.send('/slow');
    await slowArrived();

    const drained = drain.drain();
    drain.cutShort();

    expect(await drained).toEqual({ cut: 1 });
    expect(['closed', 'ECONNRESET']).toContain(await client.closed);
  });

  test('when the drain has started, then no new connection is accepted once the grace is over', async () => {
    const { server, port, drain } = await startServer({ timeoutMs: 60_000, graceMs: 0 });

    await drain.drain();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });

    expect(refused).toBe('ECONNREFUSED');
    expect(server.listening).toBe(false);
  });
});
