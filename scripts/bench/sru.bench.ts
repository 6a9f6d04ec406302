import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { percentile } from './ingest-report';
import { BENCH_DIR, load, machine, positiveInt, ROOT } from './bench-process';
import { haveGateway, timeGateway, type GatewayTimings } from './sru-gateway';
import { sruBenchQueries, type SruBenchQuery } from './sru-queries';

/**
 * `npm run bench:sru [-- options]`: SRU searchRetrieve against GET /search for the same queries
 * (bench:ingest's mixed set, written as CQL with the same meaning: sru-queries.ts), one client,
 * one request at a time, the two endpoints alternating query by query (which goes first
 * alternates too), at each page size. Hit counts must agree; a query where they do not is named.
 * Then, when simple2zoom and yaz-client are installed, the same queries over Z39.50 through the
 * gateway (sru-gateway.ts). The server is bench:api's (api-server.ts): `stacks serve` on the
 * database, its read pool as it comes (one search and one look-up worker per core), the rate limiter
 * running with its quotas lifted. It opens the database as `stacks serve` does (read-write, no ingest).
 *
 * What each answer includes: /search's JSON of its hits (the index's display fields; no facets
 * asked), /sru's MARCXML of the same page, each record read from the store with its copies.
 *
 * Options: --db PATH (default tmp/bench/ingest-bench.db, which `npm run bench:ingest -- --keep`
 * leaves), --per-kind N (40), --warmup N (10 per kind), --sizes 10,20, --no-gateway,
 * --workers N (the server's read workers, STACKS_SEARCH_WORKERS; 0: no read pool, every read on
 * the HTTP thread), --cpu-prof (the server writes a V8 CPU profile to tmp/bench/sru-prof/ when it
 * stops).
 */

interface Args {
  db: string;
  perKind: number;
  warmup: number;
  sizes: number[];
  gateway: boolean;
  cpuProf: boolean;
  /** STACKS_SEARCH_WORKERS for the server; absent: serve's default (one per core); 0: no read pool. */
  workers?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    db: path.join(BENCH_DIR, 'ingest-bench.db'),
    perKind: 40,
    warmup: 10,
    sizes: [10, 20],
    gateway: true,
    cpuProf: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === '--db') args.db = path.resolve(value() ?? '');
    else if (flag === '--per-kind') args.perKind = positiveInt(value(), flag);
    else if (flag === '--warmup') args.warmup = positiveInt(value(), flag);
    else if (flag === '--sizes') args.sizes = (value() ?? '').split(',').map((s) => positiveInt(s, flag));
    else if (flag === '--no-gateway') args.gateway = false;
    else if (flag === '--cpu-prof') args.cpuProf = true;
    else if (flag === '--workers') args.workers = Number(value());
    else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

interface Server {
  child: ChildProcess;
  base: string;
}

function startServer(db: string, cpuProf: boolean, workers?: number): Promise<Server> {
  const script = path.join(ROOT, 'dist/scripts/bench/api-server.js');
  const prof = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(BENCH_DIR, 'sru-prof')] : [];
  const child = spawn(process.execPath, [...prof, script, db], {
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...(workers !== undefined && { STACKS_SEARCH_WORKERS: String(workers) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const port = /^port (\d+)$/m.exec(out)?.[1];
      if (port) resolve({ child, base: `http://127.0.0.1:${port}` });
    });
    child.once('exit', (code) => reject(new Error(`api-server exited with ${code}`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

interface Answer {
  ms: number;
  total: number;
  bytes: number;
}

async function timedGet(url: string, total: (body: string) => number): Promise<Answer> {
  const started = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200) throw new Error(`${res.status} from ${url}: ${body.slice(0, 300)}`);
  return { ms, total: total(body), bytes: Buffer.byteLength(body) };
}

function searchUrl(base: string, query: SruBenchQuery, size: number): string {
  return `${base}/search?${new URLSearchParams({ q: query.q, limit: String(size) })}`;
}

function sruUrl(base: string, query: SruBenchQuery, size: number): string {
  const params = new URLSearchParams({
    operation: 'searchRetrieve',
    version: '1.2',
    query: query.cql,
    maximumRecords: String(size),
    recordSchema: 'marcxml',
  });
  return `${base}/sru?${params}`;
}

const searchTotal = (body: string): number => (JSON.parse(body) as { total: number }).total;

function sruTotal(body: string): number {
  const diagnostic = /<diag:message>([^<]*)</.exec(body)?.[1];
  if (diagnostic && !/<zs:record>/.test(body)) throw new Error(`SRU diagnostic: ${diagnostic}`);
  return Number(/<zs:numberOfRecords>(\d+)</.exec(body)?.[1]);
}

interface Pair {
  query: SruBenchQuery;
  search: Answer;
  sru: Answer;
}

/** Each query to both endpoints, one after the other; which goes first alternates. */
async function runPairs(base: string, queries: readonly SruBenchQuery[], size: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const [i, query] of queries.entries()) {
    const one = () => timedGet(searchUrl(base, query, size), searchTotal);
    const two = () => timedGet(sruUrl(base, query, size), sruTotal);
    if (i % 2 === 0) {
      const search = await one();
      pairs.push({ query, search, sru: await two() });
    } else {
      const sru = await two();
      pairs.push({ query, search: await one(), sru });
    }
  }
  return pairs;
}

const fmt = (n: number): string => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const signed = (n: number): string => (n >= 0 ? `+${fmt(n)}` : `−${fmt(-n)}`);
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const avg = (xs: number[]): number => xs.reduce((n, x) => n + x, 0) / Math.max(1, xs.length);

function pairRow(label: string, pairs: Pair[]): string {
  const s = sorted(pairs.map((p) => p.search.ms));
  const r = sorted(pairs.map((p) => p.sru.ms));
  const cells = [
    label,
    String(pairs.length),
    fmt(avg(pairs.map((p) => p.search.total))),
    fmt(percentile(s, 50)),
    fmt(percentile(s, 95)),
    fmt(percentile(r, 50)),
    fmt(percentile(r, 95)),
    signed(percentile(r, 50) - percentile(s, 50)),
    signed(percentile(r, 95) - percentile(s, 95)),
    (avg(pairs.map((p) => p.search.bytes)) / 1024).toFixed(1),
    (avg(pairs.map((p) => p.sru.bytes)) / 1024).toFixed(1),
  ];
  return `| ${cells.join(' | ')} |`;
}

function pairTable(size: number, pairs: Pair[]): string {
  const head = [
    `#### ${size} records a page`,
    '',
    '| kind | queries | avg hits | /search p50 ms | /search p95 | SRU p50 ms | SRU p95 | Δ p50 | Δ p95 | /search KiB | SRU KiB |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  const kinds = [...new Set(pairs.map((p) => p.query.kind))];
  const rows = kinds.map((kind) =>
    pairRow(
      kind,
      pairs.filter((p) => p.query.kind === kind),
    ),
  );
  return [...head, ...rows, pairRow('**all**', pairs)].join('\n');
}

function gatewayTable(size: number, t: GatewayTimings): string {
  const row = (label: string, xs: number[]) => {
    const s = sorted(xs);
    return `| ${label} | ${xs.length} | ${fmt(percentile(s, 50))} | ${fmt(percentile(s, 95))} |`;
  };
  return [
    `#### Z39.50 through simple2zoom, USMARC, ${size} records a page`,
    '',
    '| step | commands | p50 ms | p95 ms |',
    '| --- | --: | --: | --: |',
    row('search (the count)', t.find),
    row(`present (1+${size}, or fewer hits)`, t.present),
  ].join('\n');
}

function mismatches(pairs: Pair[]): string[] {
  return pairs
    .filter((p) => p.search.total !== p.sru.total)
    .map((p) => `${p.query.q} (${p.search.total}) ≠ ${p.query.cql} (${p.sru.total})`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.db)) {
    throw new Error(
      `no database at ${args.db}: make one with \`npm run bench:ingest -- --keep\` or pass --db`,
    );
  }
  process.stderr.write(`load average at start: ${load()}\n`);
  const { documents, measured, warmup } = sruBenchQueries(args.db, args.perKind, args.warmup);
  const server = await startServer(args.db, args.cpuProf, args.workers);
  const out: string[] = [];
  const wrong: string[] = [];
  try {
    for (const size of args.sizes) await runPairs(server.base, warmup, size);
    for (const size of args.sizes) {
      const pairs = await runPairs(server.base, measured, size);
      wrong.push(...mismatches(pairs));
      out.push(pairTable(size, pairs));
    }
    if (args.gateway && haveGateway()) {
      const size = args.sizes[0]!;
      const counts = (await runPairs(server.base, measured, 1)).map((p) => p.search.total);
      await timeGateway(`${server.base}/sru`, warmup, [], size);
      out.push(gatewayTable(size, await timeGateway(`${server.base}/sru`, measured, counts, size)));
    } else if (args.gateway) {
      out.push('(Z39.50: simple2zoom or yaz-client is not installed; scripts/test/install-z3950-gateway.sh)');
    }
  } finally {
    await stopServer(server);
  }
  const header = [
    `### SRU against /search: ${documents.toLocaleString('en-US')} records (${path.basename(args.db)})`,
    '',
    `${machine()}; load average at end ${load()}.`,
    `${args.perKind} queries of each kind after ${args.warmup} of each to warm up, one client, one request at a time; ` +
      `read workers: ${args.workers ?? 'one per core (the default)'}.`,
  ];
  process.stdout.write(`${header.join('\n')}\n\n${out.join('\n\n')}\n`);
  if (wrong.length > 0) {
    process.stderr.write(`hit counts differ for ${wrong.length} queries:\n${wrong.join('\n')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:sru: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
