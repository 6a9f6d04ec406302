import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BENCH_DIR,
  ingestWithCli,
  inputFile,
  load,
  machine,
  positiveInt,
  snapshotDist,
} from './bench-process';
import { vmRssKb } from './proc-watch';

/**
 * `npm run bench:oai [-- --records 200000] [--db PATH] [--page-size 100]`: a full OAI-PMH harvest
 * of a served catalog. The catalog is bench:ingest's generated file (made once, then reused)
 * loaded by `stacks ingest` into tmp/bench/oai-<records>.db, unless --db names one (only read:
 * the server is started with it as `stacks serve --no-samples` runs). The server runs in a
 * process of its own from a dist snapshot; this process harvests it over HTTP, following every
 * resumption token, and samples the server's resident memory from /proc as it goes.
 *
 * Three lists, one after the other on the same server: ListRecords marc21 (the figure the issue
 * asks for), then its peers ListRecords oai_dc (the crosswalk instead of MARCXML) and
 * ListIdentifiers (headers only: what the change feed and the HTTP round trips cost alone).
 */

interface Args {
  records: number;
  db?: string;
  pageSize: number;
  lists: string[];
  /** Stop each list after this many headers (a quick comparison, not a full harvest). */
  maxRecords?: number;
  /** STACKS_SEARCH_WORKERS for the server (default: one per core, as `stacks serve`). */
  workers?: number;
}

const LISTS: Record<string, { verb: string; prefix: string }> = {
  marc21: { verb: 'ListRecords', prefix: 'marc21' },
  oai_dc: { verb: 'ListRecords', prefix: 'oai_dc' },
  identifiers: { verb: 'ListIdentifiers', prefix: 'oai_dc' },
};

function parseArgs(argv: string[]): Args {
  const args: Args = { records: 200_000, pageSize: 100, lists: Object.keys(LISTS) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (flag === '--records') args.records = positiveInt(value, flag);
    else if (flag === '--db') args.db = value;
    else if (flag === '--page-size') args.pageSize = positiveInt(value, flag);
    else if (flag === '--lists') args.lists = (value ?? '').split(',').filter((l) => l in LISTS);
    else if (flag === '--max-records') args.maxRecords = positiveInt(value, flag);
    else if (flag === '--workers') args.workers = Number(value);
    else
      throw new Error(
        `unknown option ${flag}: use --records N, --db PATH, --page-size N, --lists marc21,oai_dc,identifiers, --max-records N, --workers N`,
      );
  }
  return args;
}

interface Server {
  child: ChildProcess;
  baseUrl: string;
}

function startServer(snapshot: string, db: string, args: Args): Promise<Server> {
  const script = path.join(snapshot, 'scripts/bench/api-server.js');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'silent',
    STACKS_OAI_PAGE_SIZE: String(args.pageSize),
  };
  if (args.workers !== undefined) env.STACKS_SEARCH_WORKERS = String(args.workers);
  const child = spawn(process.execPath, [script, db], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const port = /^port (\d+)$/m.exec(stdout);
      if (port) resolve({ child, baseUrl: `http://127.0.0.1:${port[1]}/oai` });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr.slice(-1500)}`)));
  });
}

function rssMiB(pid: number): number {
  try {
    return vmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024;
  } catch {
    return 0;
  }
}

interface HarvestRun {
  list: string;
  records: number;
  deleted: number;
  pages: number;
  megabytes: number;
  seconds: number;
  /** Server RSS (MiB) when each tenth of the harvest was done: flat memory shows as a flat row. */
  rssByTenth: number[];
  peakRss: number;
}

async function harvest(server: Server, list: string, expected: number, max = Infinity): Promise<HarvestRun> {
  const { verb, prefix } = LISTS[list]!;
  const pid = server.child.pid!;
  let url = `${server.baseUrl}?verb=${verb}&metadataPrefix=${prefix}`;
  let records = 0;
  let deleted = 0;
  let pages = 0;
  let bytes = 0;
  let peakRss = 0;
  const rssByTenth: number[] = [];
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid))), 200);
  const started = process.hrtime.bigint();
  try {
    for (;;) {
      const res = await fetch(url);
      const text = await res.text();
      if (res.status !== 200 || text.includes('<error '))
        throw new Error(`${url}: ${res.status} ${text.slice(0, 500)}`);
      pages++;
      bytes += Buffer.byteLength(text);
      records += (text.match(/<header[ >]/g) ?? []).length;
      deleted += (text.match(/<header status="deleted"/g) ?? []).length;
      while (rssByTenth.length < 10 && records >= (expected * (rssByTenth.length + 1)) / 10)
        rssByTenth.push(rssMiB(pid));
      const token = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/.exec(text)?.[1];
      if (!token || records >= max) break;
      url = `${server.baseUrl}?verb=${verb}&resumptionToken=${encodeURIComponent(token)}`;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { list, records, deleted, pages, megabytes: bytes / 2 ** 20, seconds, rssByTenth, peakRss };
}

function table(runs: HarvestRun[], pageSize: number): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = [
    `| list | page | records | deleted | pages | MB | seconds | records/s | server RSS MiB at 10 %, 20 % … 100 % | peak |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const r of runs) {
    const page = r.list === 'identifiers' ? 500 : pageSize;
    lines.push(
      `| ${LISTS[r.list]!.verb} ${r.list === 'identifiers' ? '' : r.list} | ${page} | ${fmt(r.records)} | ${r.deleted} | ${fmt(r.pages)} | ${r.megabytes.toFixed(0)} | ${r.seconds.toFixed(1)} | ${fmt(r.records / r.seconds)} | ${r.rssByTenth.map((m) => m.toFixed(0)).join(' ')} | ${r.peakRss.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const snapshot = snapshotDist('oai-dist');
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  let db = args.db;
  if (!db) {
    db = path.join(BENCH_DIR, `oai-${args.records}.db`);
    if (!existsSync(db)) {
      const file = inputFile(args.records, 1, snapshot);
      process.stderr.write(`ingesting ${file} into ${db} …\n`);
      const run = await ingestWithCli({ snapshot, file, db });
      out.push(
        `catalog: ${run.records.toLocaleString('en-US')} records ingested in ${run.seconds.toFixed(0)} s`,
        '',
      );
    }
  }
  process.stderr.write(`serving ${db} …\n`);
  const server = await startServer(snapshot, db, args);
  try {
    const runs: HarvestRun[] = [];
    const expected = Number(
      ((await (await fetch(server.baseUrl.replace(/\/oai$/, '/ready'))).json()) as { records?: number })
        .records ?? args.records,
    );
    for (const list of args.lists) {
      process.stderr.write(`harvesting ${list} …\n`);
      const target = Math.min(expected || args.records, args.maxRecords ?? Infinity);
      runs.push(await harvest(server, list, target, args.maxRecords));
      out.push(`load average after ${list} ${load()}`);
    }
    const what = args.maxRecords
      ? `the first ${args.maxRecords.toLocaleString('en-US')} records of`
      : 'full harvests of';
    const workers = args.workers === undefined ? '' : `, STACKS_SEARCH_WORKERS=${args.workers}`;
    out.unshift(`### OAI-PMH ${what} ${path.basename(db)}${workers}`, '');
    out.push('', table(runs, args.pageSize));
  } finally {
    server.child.kill('SIGTERM');
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`oai bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
