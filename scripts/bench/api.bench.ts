import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ApiBenchArgs, type Endpoint } from './api-args';
import type { PeerRun } from './api-inprocess';
import { runLoad } from './api-load';
import { cpuHeadroom, drainReads, mixedCells, workerCells, workersTable, type PoolBench } from './api-pool';
import { ratioTable, resultsTable, summarize, type Cell, type CellSummary } from './api-report';
import { buildWorkload, recordPath, type Workload } from './api-workload';
import { BENCH_DIR, load, machine, ROOT, snapshotDist } from './bench-process';

/**
 * `npm run bench:api [-- options]` (options: api-args.ts): an HTTP load test of the API on the
 * 1M-record embedded database that `npm run bench:ingest -- --keep` leaves in tmp/bench/. GET
 * /search with the mixed query set of bench:ingest and GET /records/{id} with ids sampled from
 * the database, each at every concurrency (default 1, 16, 64) for a fixed time after a warm-up,
 * through autocannon (api-load.ts) against the server in a child process; then the peer, the same
 * requests in-process without HTTP (api-inprocess.ts). Prints Markdown tables. The server and the
 * peer run from a snapshot of dist/ taken at the start, so other work rebuilding dist/ cannot
 * change the code under test. The database is only read (the server opens it as `stacks serve`
 * does: WAL, read-write, no ingest).
 */

const WARMUP_PER_KIND = 10;
/** Endpoints that are the read pool's cells, run on servers of their own (api-pool.ts). */
const POOL_CELLS: ReadonlySet<Endpoint> = new Set(['workers', 'mixed']);
const WARMUP_IDS = 200;
const SNAPSHOT = path.join(BENCH_DIR, 'api-dist');

function checkDatabase(db: string): void {
  if (existsSync(db)) return;
  throw new Error(
    `no database at ${db}. Make the 1M-record one with \`npm run bench:ingest -- --keep\` ` +
      `(it stays at tmp/bench/ingest-bench.db), or pass --db PATH to a catalog made by \`stacks ingest\``,
  );
}

/** The peer, in a process of its own from the snapshot; prints its runs as JSON. */
function runPeer(args: ApiBenchArgs, workloadFile: string): Promise<Partial<Record<Endpoint, PeerRun>>> {
  const script = path.join(SNAPSHOT, 'scripts/bench/api-inprocess.js');
  const argv = [script, args.db, workloadFile, String(args.duration), String(args.warmup)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`api-inprocess exited with ${code}`));
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as Partial<Record<Endpoint, PeerRun>>);
    });
  });
}

interface Server {
  child: ChildProcess;
  baseUrl: string;
}

/**
 * The server, with `workers` read workers (default: one per core, as `stacks serve`). The read
 * budget and queue are lifted as the rate limits are: the bench measures capacity, not refusals.
 */
function startServer(db: string, timeoutSeconds: number, workers?: number): Promise<Server> {
  const script = path.join(SNAPSHOT, 'scripts/bench/api-server.js');
  const pool = {
    STACKS_SEARCH_TIMEOUT_MS: String(Math.round(timeoutSeconds * 1000)),
    STACKS_SEARCH_QUEUE: '100000',
    ...(workers !== undefined && { STACKS_SEARCH_WORKERS: String(workers) }),
  };
  const child = spawn(process.execPath, [script, db], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...pool },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const port = /^port (\d+)$/m.exec(stdout);
      if (port) resolve({ child, baseUrl: `http://127.0.0.1:${port[1]}` });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr.slice(-1500)}`)));
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/** Every measured path once, one at a time: any answer but 2xx is reported with its body. */
async function verify(baseUrl: string, paths: readonly string[]): Promise<string> {
  const failures: string[] = [];
  for (const p of paths) {
    const res = await fetch(baseUrl + p);
    const body = await res.text();
    if (!res.ok) failures.push(`${res.status} ${p}: ${body.slice(0, 300)}`);
  }
  for (const f of failures.slice(0, 10)) process.stderr.write(`not 2xx: ${f}\n`);
  return `${paths.length - failures.length} of ${paths.length} answered 2xx`;
}

function pathsOf(w: Workload, endpoint: Endpoint, warm: boolean): string[] {
  if (endpoint === 'health') return ['/health'];
  if (endpoint === 'search') return (warm ? w.warmupSearches : w.searches).map((s) => s.path);
  return (warm ? w.warmupIds : w.ids).map(recordPath);
}

/**
 * Requests a cell left in the server's queue when its connections closed are still worked off:
 * the next cell starts once a search queued behind them is answered (/health no longer waits).
 */
const drain = drainReads;

async function httpCells(args: ApiBenchArgs, w: Workload, server: Server, notes: string[]): Promise<Cell[]> {
  const cells: Cell[] = [];
  const base = {
    baseUrl: server.baseUrl,
    timeoutSeconds: args.timeout,
    serverPid: server.child.pid,
    warmupSeconds: args.warmup,
    seconds: args.duration,
  };
  for (const endpoint of args.endpoints.filter((e) => !POOL_CELLS.has(e))) {
    for (const concurrency of args.concurrency) {
      process.stderr.write(`${endpoint} at concurrency ${concurrency} (load ${load()}) …\n`);
      const paths = pathsOf(w, endpoint, false);
      const run = await runLoad({ ...base, paths, warmupPaths: pathsOf(w, endpoint, true), concurrency });
      cells.push({ endpoint, via: 'HTTP', ...run });
      if (run.errors > 0)
        notes.push(`${endpoint} at ${concurrency}: errors ${JSON.stringify(run.errorCodes)}`);
      await drain(server.baseUrl);
    }
  }
  return cells;
}

function peerCells(args: ApiBenchArgs, peer: Partial<Record<Endpoint, PeerRun>>): Cell[] {
  return args.endpoints.flatMap((endpoint): Cell[] => {
    const run = peer[endpoint];
    if (!run) return [];
    const { seconds, latenciesMs, misses } = run;
    return [{ endpoint, via: 'in-process', concurrency: 1, seconds, latenciesMs, errors: misses, non2xx: 0 }];
  });
}

/**
 * The server starts first: opening the catalog as `stacks serve` does brings an older file's schema
 * up to date, which the read-only peer cannot do. Every measured path is then requested once,
 * which also brings the pages they read into the caches, so the peer (run while the server idles)
 * and the HTTP cells (after it) start from the same warm state and never compete for the cores.
 */
async function measure(
  args: ApiBenchArgs,
  w: Workload,
  workloadFile: string,
  notes: string[],
): Promise<Cell[]> {
  const server = await startServer(args.db, args.timeout);
  try {
    process.stderr.write(`server at ${server.baseUrl}; checking every measured path once …\n`);
    const checked = await verify(
      server.baseUrl,
      args.endpoints.filter((e) => !POOL_CELLS.has(e)).flatMap((e) => pathsOf(w, e, false)),
    );
    notes.push(`every measured path once before the runs: ${checked}`);
    process.stderr.write('in-process peer …\n');
    const peer = await runPeer(args, workloadFile);
    notes.push(`load average after the in-process peer ${load()}`);
    const cells = await httpCells(args, w, server, notes);
    const peakKb = Math.max(0, ...cells.map((c) => c.serverPeakRssKb ?? 0));
    if (peakKb > 0) notes.push(`server peak RSS during the runs ${(peakKb / 1024).toFixed(0)} MiB`);
    return [...peerCells(args, peer), ...cells];
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ROOT);
  checkDatabase(args.db);
  snapshotDist(path.basename(SNAPSHOT));
  const out = [`machine: ${machine()}`, `load average at start ${load()}`];
  process.stderr.write(`sampling the workload from ${args.db} …\n`);
  const w = buildWorkload(args.db, {
    perKind: args.perKind,
    warmupPerKind: WARMUP_PER_KIND,
    ids: args.ids,
    warmupIds: WARMUP_IDS,
  });
  const workloadFile = path.join(BENCH_DIR, `api-workload-${process.pid}.json`);
  writeFileSync(workloadFile, JSON.stringify(w));
  try {
    out.push('', header(args, w), '');
    if (args.endpoints.some((e) => !POOL_CELLS.has(e))) {
      const summaries: CellSummary[] = (await measure(args, w, workloadFile, out)).map(summarize);
      out.push(resultsTable(summaries), '', ratioTable(summaries), '');
    }
    const pool = await poolCells(args, w, out);
    const pooled = pool.map(summarize);
    if (pooled.length > 0) out.push(resultsTable(pooled), '', workersTable(pooled), '');
    const poolPeakKb = Math.max(0, ...pool.map((c) => c.serverPeakRssKb ?? 0));
    if (poolPeakKb > 0)
      out.push(`server peak RSS in the read pool cells ${(poolPeakKb / 1024).toFixed(0)} MiB`);
    out.push(`load average at end ${load()}`);
  } finally {
    rmSync(workloadFile, { force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The read pool's cells (api-pool.ts), each on a server of its own, after the others. */
async function poolCells(args: ApiBenchArgs, workload: Workload, notes: string[]): Promise<Cell[]> {
  const bench: PoolBench = {
    args,
    workload,
    start: async (workers) => {
      const server = await startServer(args.db, args.timeout, workers);
      const pid = server.child.pid;
      return { baseUrl: server.baseUrl, ...(pid !== undefined && { pid }), stop: () => stopServer(server) };
    },
    log: (line) => process.stderr.write(`${line} (load ${load()})\n`),
  };
  const cells: Cell[] = [];
  if (args.endpoints.includes('workers')) {
    const share = await cpuHeadroom();
    notes.push(
      `two threads spinning in the bench process got ${Math.round(share * 100)}% CPU (idle 2 cores: ~200%)`,
    );
    cells.push(...(await workerCells(bench)));
  }
  if (args.endpoints.includes('mixed')) cells.push(...(await mixedCells(bench)));
  return cells;
}

function header(args: ApiBenchArgs, w: Workload): string {
  const kinds = new Set(w.searches.map((s) => s.kind)).size;
  return [
    `### HTTP API on ${w.documents.toLocaleString('en-US')} documents`,
    '',
    `${args.duration} s per cell after ${args.warmup} s of warm-up; /search: ${w.searches.length} queries ` +
      `(${kinds} kinds × ${args.perKind}, 4 facets each, kinds interleaved), e.g. \`${w.searches[0]?.path ?? ''}\`; ` +
      `/records: ${w.ids.length} ids spread over the table, e.g. \`${recordPath(w.ids[0] ?? '')}\`.`,
  ].join('\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:api: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
