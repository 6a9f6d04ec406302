import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openBackends } from '../../src/backends/open-backends';
import { loadConfig } from '../../src/config';
import { connectMongo } from '../../src/connections/mongo.connection';
import { BENCH_DIR, load, machine, positiveInt, removeDatabase, snapshotDist } from './bench-process';
import { buildCatalog, type CatalogBuild } from './circulation-catalog';
import { runCells } from './circulation-cells';
import {
  buildTable,
  peerTable,
  resultsTable,
  targetLine,
  type BackendName,
  type CellRow,
} from './circulation-report';

/**
 * `npm run bench:circulation [-- --items N] [--patrons N] [--loans N] [--requests N]
 *  [--backend sqlite|mongo|both] [--concurrency 1,16] [--seconds S] [--warmup N] [--rounds R] [--cpu-prof DIR] [--keep]`
 *
 * Check-out and check-in over HTTP on a catalog of `--items` items (two per record), `--patrons`
 * patrons and `--loans` open loans (circulation-catalog.ts builds it through the real write
 * paths), on each backend: the embedded default (one SQLite file) and MongoDB (the record, item,
 * patron and circulation stores on MONGODB_URL, a database of its own dropped afterwards; the
 * search index embedded, so the two differ only in the stores). Per backend and concurrency: the
 * baseline, POST /items/{barcode}/status to `in-repair` (the cheapest write an item has), then
 * `--requests` check-outs of items on the shelf by patrons under their limit, then the check-in of
 * exactly the items those took, in `--rounds` interleaved rounds (circulation-cells.ts). Each request names an item of its own, so nothing waits on another
 * request's item. A cell ends after its requests or `--seconds`, whichever comes first. The server
 * is circulation-server.ts in a child process, from a snapshot of dist/, on 127.0.0.1.
 * MongoDB: `set -a; source /work/main/.services.env; set +a` first (the FerretDB test server).
 */

interface Args {
  items: number;
  patrons: number;
  loans: number;
  requests: number;
  backends: BackendName[];
  concurrency: number[];
  seconds: number;
  warmup: number;
  rounds: number;
  /** A directory for the server's V8 CPU profile (node --cpu-prof), written when it stops. */
  cpuProf?: string;
  keep: boolean;
}

const TARGET_MS = 20;
const SNAPSHOT = 'circulation-dist';

function parseArgs(argv: string[]): Args {
  const args: Args = {
    items: 200_000,
    patrons: 50_000,
    loans: 20_000,
    requests: 2000,
    backends: ['sqlite', 'mongo'],
    concurrency: [1, 16],
    seconds: 120,
    warmup: 50,
    rounds: 4,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--keep') {
      args.keep = true;
      continue;
    }
    const value = argv[++i];
    if (flag === '--items') args.items = positiveInt(value, flag);
    else if (flag === '--patrons') args.patrons = positiveInt(value, flag);
    else if (flag === '--loans') args.loans = positiveInt(value, flag);
    else if (flag === '--requests') args.requests = positiveInt(value, flag);
    else if (flag === '--seconds') args.seconds = positiveInt(value, flag);
    else if (flag === '--warmup') args.warmup = positiveInt(value, flag);
    else if (flag === '--rounds') args.rounds = positiveInt(value, flag);
    else if (flag === '--cpu-prof') args.cpuProf = path.resolve(value ?? '');
    else if (flag === '--concurrency')
      args.concurrency = (value ?? '').split(',').map((c) => positiveInt(c, flag));
    else if (flag === '--backend') args.backends = backendsOf(value);
    else throw new Error(`unknown option ${flag}; see the comment at the top of circulation.bench.ts`);
  }
  const needed = args.loans + (args.concurrency.length * 2 * args.requests + 2 * args.warmup);
  if (needed > args.items)
    throw new Error(`--items ${args.items} is too few: the loans and the cells take ${needed} items`);
  return args;
}

function backendsOf(value: string | undefined): BackendName[] {
  if (value === 'both') return ['sqlite', 'mongo'];
  if (value === 'sqlite' || value === 'mongo') return [value];
  throw new Error(`--backend takes sqlite, mongo or both, not ${value}`);
}

/** The environment a backend's catalog is opened with, by this process and by the server. */
function envFor(backend: BackendName, run: string): Record<string, string> {
  const common = {
    LOG_LEVEL: 'silent',
    STACKS_INDEX: 'sqlite',
    STACKS_DB: path.join(BENCH_DIR, `circulation-${backend}.db`),
  };
  if (backend === 'sqlite') return { ...common, STACKS_STORE: 'sqlite' };
  const url = process.env.MONGODB_URL;
  if (!url)
    throw new Error('--backend mongo needs MONGODB_URL (set -a; source /work/main/.services.env; set +a)');
  const mongoUrl = url.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/stacks_circbench_${run}`);
  return { ...common, STACKS_STORE: 'mongodb', MONGODB_URL: mongoUrl };
}

interface Server {
  child: ChildProcess;
  baseUrl: string;
  key: string;
}

function startServer(snapshot: string, env: Record<string, string>, cpuProf?: string): Promise<Server> {
  const profile = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const script = path.join(snapshot, 'scripts/bench/circulation-server.js');
  const child = spawn(process.execPath, [...profile, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const port = /^port (\d+)$/m.exec(stdout);
      const key = /^key (\S+)$/m.exec(stdout);
      if (port && key) resolve({ child, baseUrl: `http://127.0.0.1:${port[1]}`, key: key[1]! });
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

async function dropMongo(env: Record<string, string>): Promise<void> {
  if (!env.MONGODB_URL) return;
  const connection = await connectMongo(env.MONGODB_URL);
  await connection.dropDatabase();
  await connection.close();
}

async function runBackend(backend: BackendName, args: Args, snapshot: string, run: string) {
  const env = envFor(backend, run);
  removeDatabase(env.STACKS_DB!);
  try {
    process.stderr.write(`${backend}: building the catalog (load ${load()}) …\n`);
    const backends = await openBackends(loadConfig(env));
    let build: CatalogBuild;
    try {
      build = await buildCatalog(backends, args, (line) => process.stderr.write(`  ${line}\n`));
    } finally {
      await backends.close();
    }
    const server = await startServer(snapshot, env, args.cpuProf);
    try {
      return {
        build,
        rows: await runCells(
          backend,
          {
            baseUrl: server.baseUrl,
            key: server.key,
            ...(server.child.pid !== undefined && { pid: server.child.pid }),
          },
          args,
        ),
      };
    } finally {
      await stopServer(server);
    }
  } finally {
    if (!args.keep) {
      removeDatabase(env.STACKS_DB!);
      await dropMongo(env);
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(BENCH_DIR, { recursive: true });
  const snapshot = snapshotDist(SNAPSHOT);
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const builds: { backend: BackendName; build: CatalogBuild }[] = [];
  const rows: CellRow[] = [];
  for (const backend of args.backends) {
    const result = await runBackend(backend, args, snapshot, run);
    builds.push({ backend, build: result.build });
    rows.push(...result.rows);
    out.push(`load average after ${backend} ${load()}`);
  }
  out.push(
    '',
    `### Circulation: ${args.requests} requests per cell, warm-up ${args.warmup} per operation`,
    '',
  );
  out.push(buildTable(builds), '', resultsTable(rows), '');
  const peers = peerTable(rows);
  if (peers) out.push(peers, '');
  out.push(targetLine(rows, TARGET_MS), `load average at end ${load()}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `bench:circulation: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
