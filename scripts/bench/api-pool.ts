import type { ApiBenchArgs } from './api-args';
import { runLoad, type LoadOptions } from './api-load';
import type { Cell, CellSummary } from './api-report';
import { recordPath, type Workload } from './api-workload';

/**
 * The read pool's cells of bench:api (issue 10): the server started afresh with each number of
 * read workers, 0 being the previous design (every query on the HTTP thread).
 *
 * - `workers`: GET /search with the mixed set at each concurrency, per worker count: what a second
 *   worker adds on two cores.
 * - `mixed`: 64 connections of broad searches (the common-word and prefix kinds, the slow ones)
 *   and, at the same time, one connection asking /health and one asking /records/{id}: how long
 *   a cheap request waits while the catalog is busy. Run with 0 workers and with the most asked for.
 */
export interface PoolServer {
  baseUrl: string;
  pid?: number;
  stop(): Promise<void>;
}

export interface PoolBench {
  args: ApiBenchArgs;
  workload: Workload;
  start(workers: number): Promise<PoolServer>;
  log(line: string): void;
}

export const MIXED_SEARCHERS = 64;
const BROAD_KINDS = new Set(['common word', 'prefix']);

function loadOptions(
  b: PoolBench,
  server: PoolServer,
): Omit<LoadOptions, 'paths' | 'warmupPaths' | 'concurrency'> {
  return {
    baseUrl: server.baseUrl,
    timeoutSeconds: b.args.timeout,
    ...(server.pid !== undefined && { serverPid: server.pid }),
    warmupSeconds: b.args.warmup,
    seconds: b.args.duration,
  };
}

/**
 * Waits until the server has worked off what a cell left queued: a search joins the back of the
 * read queue (or, with no workers, of the event loop's), unlike /health, which never waits.
 */
export async function drainReads(baseUrl: string): Promise<void> {
  await (await fetch(`${baseUrl}/search?q=drain&limit=1`)).text();
}

async function withServer<T>(b: PoolBench, workers: number, work: (s: PoolServer) => Promise<T>): Promise<T> {
  const server = await b.start(workers);
  try {
    await drainReads(server.baseUrl);
    return await work(server);
  } finally {
    await server.stop();
  }
}

export async function workerCells(b: PoolBench): Promise<Cell[]> {
  const cells: Cell[] = [];
  const w = b.workload;
  for (const workers of b.args.workers) {
    await withServer(b, workers, async (server) => {
      for (const concurrency of b.args.concurrency) {
        b.log(`search with ${workers} workers at concurrency ${concurrency} …`);
        const paths = w.searches.map((s) => s.path);
        const warmupPaths = w.warmupSearches.map((s) => s.path);
        const run = await runLoad({ ...loadOptions(b, server), paths, warmupPaths, concurrency });
        cells.push({ endpoint: `search, ${workers} workers`, via: 'HTTP', ...run });
        await drainReads(server.baseUrl);
      }
    });
  }
  return cells;
}

export async function mixedCells(b: PoolBench): Promise<Cell[]> {
  const cells: Cell[] = [];
  const w = b.workload;
  const broad = w.searches.filter((s) => BROAD_KINDS.has(s.kind)).map((s) => s.path);
  const broadWarm = w.warmupSearches.filter((s) => BROAD_KINDS.has(s.kind)).map((s) => s.path);
  for (const workers of [...new Set([0, Math.max(...b.args.workers)])]) {
    await withServer(b, workers, async (server) => {
      b.log(`${MIXED_SEARCHERS} broad searches with /health and /records beside, ${workers} workers …`);
      const base = loadOptions(b, server);
      const { serverPid: _, ...withoutCpu } = base;
      const [searches, health, records] = await Promise.all([
        runLoad({ ...base, paths: broad, warmupPaths: broadWarm, concurrency: MIXED_SEARCHERS }),
        runLoad({ ...withoutCpu, paths: ['/health'], warmupPaths: ['/health'], concurrency: 1 }),
        runLoad({
          ...withoutCpu,
          paths: w.ids.map(recordPath),
          warmupPaths: w.warmupIds.map(recordPath),
          concurrency: 1,
        }),
      ]);
      const during = `during ${MIXED_SEARCHERS} broad searches, ${workers} workers`;
      cells.push({ endpoint: `broad search, ${workers} workers`, via: 'HTTP', ...searches });
      cells.push({ endpoint: `health ${during}`, via: 'HTTP', ...health });
      cells.push({ endpoint: `records ${during}`, via: 'HTTP', ...records });
      await drainReads(server.baseUrl);
    });
  }
  return cells;
}

const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

/** Search throughput of each worker count against one worker, at each concurrency. */
export function workersTable(cells: readonly CellSummary[]): string {
  const rows: string[] = [];
  const byWorkers = (c: CellSummary): number | undefined => {
    const m = /^search, (\d+) workers$/.exec(c.endpoint);
    return m ? Number(m[1]) : undefined;
  };
  for (const cell of cells) {
    const workers = byWorkers(cell);
    if (workers === undefined || workers === 1) continue;
    const one = cells.find((c) => byWorkers(c) === 1 && c.concurrency === cell.concurrency);
    if (!one) continue;
    rows.push(
      `| c=${cell.concurrency} | ${workers} workers vs 1 worker | ${ratio(cell.perSecond / one.perSecond)} |`,
    );
  }
  return ['| concurrency | comparison | search requests/s ratio |', '| --- | --- | ---: |', ...rows].join(
    '\n',
  );
}

/**
 * How much CPU this machine gives one process's threads just now: two threads spinning for
 * `seconds` in a process of their own. On an idle 2-core machine that is ~200%; when other
 * processes keep the cores busy it can be near 100% or less (the scheduler shares CPU between
 * process groups, not threads), and then a second read worker cannot add throughput either.
 */
export async function cpuHeadroom(seconds = 5): Promise<number> {
  const code = `const end = Date.now() + ${seconds * 1000}; let x = 0; while (Date.now() < end) x++;`;
  const { Worker } = await import('node:worker_threads');
  const before = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    [0, 1].map(
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(code, { eval: true });
          worker.once('exit', () => resolve());
          worker.once('error', reject);
        }),
    ),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (performance.now() - started);
}
