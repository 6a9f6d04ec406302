import autocannon from 'autocannon';
import { watchProcesses } from './proc-watch';

/**
 * One cell of bench:api: `concurrency` keep-alive connections sending GET requests, each
 * connection taking the next path of a shared list as soon as its previous answer arrived (closed
 * loop, no pipelining). One continuous run: the warm-up paths for `warmupSeconds`, then the
 * measured paths for `seconds`; only answers that arrive in the measured window count (those to
 * warm-up requests sent just before it too: the same mix, sampled apart). A closed
 * loop at a concurrency the server cannot work on at once is a queue, and its latency is
 * concurrency / throughput only once the queue has filled: a warm-up at least that long makes
 * the window steady state, which two separate runs would not (the second would start empty).
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
  warmupPaths: readonly string[];
  warmupSeconds: number;
  concurrency: number;
  seconds: number;
  /** Seconds before an unanswered request counts as a timeout (an error). */
  timeoutSeconds: number;
  /** The server's process id, to read its CPU time and memory from /proc. */
  serverPid?: number;
}

export interface LoadRun {
  concurrency: number;
  /** The measured window's length. */
  seconds: number;
  requests: number;
  latenciesMs: number[];
  /** Socket errors (timeouts included), timeouts and non-2xx answers of the whole run, warm-up included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers by status code, e.g. { "200": 1234 }. */
  statuses: Record<string, number>;
  /** Errors by code (`ECONNRESET`, `timeout` …), warm-up included. */
  errorCodes: Record<string, number>;
  /** CPU seconds (user + system) used meanwhile by the server and by this process (the load tool). */
  serverCpu: number;
  toolCpu: number;
  /** The server's largest resident set seen during the run (0 without a pid). */
  serverPeakRssKb: number;
}

/** CPU of the server (from /proc) and of this process, from `start()` to `stop()`. */
function cpuMeter(serverPid: number | undefined): {
  start(): void;
  stop(): { serverCpu: number; toolCpu: number; serverPeakRssKb: number };
} {
  let watch: ReturnType<typeof watchProcesses> | undefined;
  let tool: NodeJS.CpuUsage | undefined;
  return {
    start() {
      if (serverPid !== undefined) watch = watchProcesses({ server: serverPid });
      tool = process.cpuUsage();
    },
    stop() {
      const server = watch?.stop()[0];
      const used = process.cpuUsage(tool);
      return {
        serverCpu: server?.cpuSeconds ?? 0,
        toolCpu: tool ? (used.user + used.system) / 1e6 : 0,
        serverPeakRssKb: server?.peakRssKb ?? 0,
      };
    },
  };
}

export async function runLoad(opts: LoadOptions): Promise<LoadRun> {
  let warm = 0;
  let next = 0;
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  const measureFrom = performance.now() + opts.warmupSeconds * 1000;
  // autocannon stops at its next one-second tick after `duration`: answers after the window are left out.
  const measureTo = measureFrom + opts.seconds * 1000;
  const pathFor = (): string =>
    performance.now() < measureFrom
      ? opts.warmupPaths[warm++ % opts.warmupPaths.length]!
      : opts.paths[next++ % opts.paths.length]!;
  const meter = cpuMeter(opts.serverPid);
  let cpu: ReturnType<typeof meter.stop> | undefined;
  const timers = [
    setTimeout(() => meter.start(), opts.warmupSeconds * 1000),
    setTimeout(() => (cpu = meter.stop()), (opts.warmupSeconds + opts.seconds) * 1000),
  ];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.concurrency,
        pipelining: 1,
        duration: opts.warmupSeconds + opts.seconds,
        timeout: opts.timeoutSeconds,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathFor() }) }],
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err as Error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      const now = performance.now();
      if (now < measureFrom || now > measureTo) return;
      latenciesMs.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
    instance.on('reqError', (err: unknown) => {
      const code =
        (err as { code?: string } | undefined)?.code ?? (err instanceof Error ? err.message : 'error');
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    });
  });
  for (const t of timers) clearTimeout(t);
  cpu ??= meter.stop();
  return {
    concurrency: opts.concurrency,
    seconds: opts.seconds,
    requests: latenciesMs.length,
    latenciesMs,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    errorCodes,
    ...cpu,
  };
}
