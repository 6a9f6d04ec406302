import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';

export interface DrainOptions {
  /** How long requests in flight may take to finish before their connections are cut. */
  timeoutMs: number;
  /**
   * How long, once the drain starts, the server still accepts connections and keeps those with no
   * request in progress open (default 1 s): requests their clients have already sent are read and
   * answered rather than reset, and a balancer has a moment to see /ready fail.
   */
  graceMs?: number;
}

export interface DrainOutcome {
  /** Connections still busy at the deadline (or at cutShort), destroyed with their requests. */
  cut: number;
}

export interface HttpDrain {
  /** True from the first call of `drain` on: /ready answers 503 from then. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, answers every request already received or arriving on an open
   * connection (with `Connection: close`), closes connections as they fall idle, and resolves
   * once none is left, or at the deadline with the busy ones destroyed. Called again, the same.
   */
  drain(): Promise<DrainOutcome>;
  /** Ends a drain at once (a second signal): every connection left is destroyed. */
  cutShort(): void;
}

interface Connection {
  /** Responses to requests received, until they finish. */
  responses: Set<ServerResponse>;
}

/**
 * Graceful shutdown for an HTTP server, tracked from its creation. Node's own `server.close()`
 * resets the connections the kernel has queued but the server not yet accepted, destroys every
 * connection without a request in progress at that instant, including keep-alive connections
 * whose next request is already in the socket's buffer but not yet read (the client gets
 * ECONNRESET for a request it sent), and lets busy keep-alive connections idle on after their
 * answer until the keep-alive timeout. Here the listener and idle connections are closed only
 * after `graceMs` and one more turn of the event loop, and every answer during the drain says
 * `Connection: close`, so each connection ends with its last request.
 */
export function trackForDrain(server: Server, options: DrainOptions): HttpDrain {
  const connections = new Map<Socket, Connection>();
  const graceMs = options.graceMs ?? 1000;
  let draining: Promise<DrainOutcome> | undefined;
  let cut = 0;
  let stopListening: (() => void) | undefined;

  server.on('connection', (socket: Socket) => {
    const connection: Connection = { responses: new Set() };
    connections.set(socket, connection);
    socket.once('close', () => connections.delete(socket));
    // Accepted during the drain (the kernel had it queued): served if it sends a request.
    if (draining) closeWhenIdle(socket, connection);
  });
  // Ahead of the app's listener, so the header is set before any handler can send.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.responses.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      connection.responses.delete(res);
      if (draining && connection.responses.size === 0) closeWhenIdle(req.socket, connection);
    });
  });

  function closeWhenIdle(socket: Socket, connection: Connection): void {
    afterGrace(() => {
      if (connection.responses.size === 0) socket.destroy();
    }).unref();
  }

  /**
   * One more poll phase after the grace: what the kernel already holds (bytes that become a
   * request, connections to accept) is taken first, even when the loop was blocked past the grace.
   */
  function afterGrace(then: () => void): NodeJS.Timeout {
    return setTimeout(() => setImmediate(then), graceMs);
  }

  /** The deadline, or a second signal: no more listening, every connection destroyed. */
  function cutNow(): void {
    stopListening?.();
    cut += [...connections.values()].filter((c) => c.responses.size > 0).length;
    for (const socket of connections.keys()) socket.destroy();
  }

  function drain(): Promise<DrainOutcome> {
    draining ??= new Promise<DrainOutcome>((resolve) => {
      const deadline = setTimeout(cutNow, options.timeoutMs);
      for (const [socket, connection] of connections) {
        if (connection.responses.size === 0) closeWhenIdle(socket, connection);
        for (const res of connection.responses) if (!res.headersSent) res.setHeader('Connection', 'close');
      }
      // net.Server's close, not http.Server's: the latter destroys idle connections at once, and
      // with them requests not yet read. After the grace, so that connections the kernel has
      // queued (a loaded server takes them late) are served rather than reset with the listening
      // socket. Its callback comes once the last connection has closed.
      stopListening = () => {
        stopListening = undefined;
        net.Server.prototype.close.call(server, () => {
          clearTimeout(deadline);
          resolve({ cut });
        });
      };
      afterGrace(() => stopListening?.());
    });
    return draining;
  }

  return {
    get draining() {
      return draining !== undefined;
    },
    drain,
    cutShort() {
      if (draining) cutNow();
    },
  };
}
