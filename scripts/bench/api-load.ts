import autocannon from 'autocannon';
import { watchProcesses } from './proc-watch';

/**
 * One cell of bench:api: `concurrency` keep-alive connections sending GET requests for `seconds`,
 * each connection taking the next path of a shared list as soon as its previous answer arrived
 * (closed loop, no pipelining).
 *
 * Why autocannon (9.0.0, pinned in devDependencies): it installs with `npm ci` like everything
 * else here (wrk is not on the machines and would be one more system package), runs from this
 * script with a programmatic API, keeps connections alive, and counts socket errors, timeouts and
 * non-2xx answers. Its `requests[].setupRequest` rebuilds the request before every send, which is
 * how a list of URLs is rotated through; a shared counter (rather than its per-connection context,
 * which autocannon resets after each pass over `requests`) makes the connections take different
 * paths. Its latency histogram keeps whole milliseconds, too coarse for sub-millisecond record
 * reads, so latencies are taken from its per-response event instead (hrtime, fractional ms).
 * The cost: it is JavaScript sharing the two cores with the server; the tables show its CPU.
 */

export interface LoadOptions {
  baseUrl: string;
  paths: readonly string[];
  concurrency: number;
  seconds: number;
  /** Seconds before an unanswered request counts as a timeout (an error). */
  timeoutSeconds: number;
  /** The server's process id, to read its CPU time and memory from /proc. */
  serverPid?: number;
}

export interface LoadRun {
  concurrency: number;
  seconds: number;
  requests: number;
  latenciesMs: number[];
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers by status code, e.g. { "200": 1234 }. */
  statuses: Record<string, number>;
  /** CPU seconds (user + system) used meanwhile by the server and by this process (the load tool). */
  serverCpu: number;
  toolCpu: number;
  /** The server's largest resident set seen during the run (0 without a pid). */
  serverPeakRssKb: number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadRun> {
  let next = 0;
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const watch = opts.serverPid !== undefined ? watchProcesses({ server: opts.serverPid }) : undefined;
  const toolBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.concurrency,
        pipelining: 1,
        duration: opts.seconds,
        timeout: opts.timeoutSeconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({ ...req, path: opts.paths[next++ % opts.paths.length]! }),
          },
        ],
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err as Error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latenciesMs.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const tool = process.cpuUsage(toolBefore);
  const server = watch?.stop()[0];
  return {
    concurrency: opts.concurrency,
    seconds: result.duration,
    requests: latenciesMs.length,
    latenciesMs,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    serverCpu: server?.cpuSeconds ?? 0,
    toolCpu: (tool.user + tool.system) / 1e6,
    serverPeakRssKb: server?.peakRssKb ?? 0,
  };
}
