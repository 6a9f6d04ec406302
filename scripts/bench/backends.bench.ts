import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type BackendsBenchArgs } from './backends-args';
import type { QuerySet } from './backends-queries';
import { engineTable, kindTable, serverTable, summaryTable, type PairRun } from './backends-report';
import {
  dropScaleOut,
  EMBEDDED_ENV,
  engineStats,
  readServiceUrls,
  scaleOutEnv,
  scaleOutSizes,
  serverVersions,
  type EngineStats,
  type ScaleOutEnv,
} from './backends-servers';
import {
  BENCH_DIR,
  ingestWithCli,
  inputFile,
  load,
  machine,
  removeDatabase,
  ROOT,
  sizeOf,
  snapshotDist,
  timed,
} from './bench-process';
import { buildQueries, sample, type QueryResults } from './ingest-queries';
import { examples } from './ingest-report';
import { servicePids, watchProcesses, type ProcessUse } from './proc-watch';

/**
 * `npm run bench:backends [-- options]` (options: backends-args.ts): the same generated file loaded
 * by the real CLI (`stacks ingest`, in a child process under GNU time) into the embedded default
 * (SQLite + SQLite) and into the scale-out pair (MongoDB protocol + Elasticsearch/OpenSearch: the
 * servers of scripts/services, on a database and an alias made for this run and dropped at the end
 * unless --keep); then one query set, sampled once from the embedded catalog, run on each pair in a
 * child process through the catalog `stacks search` opens (backends-queries.ts). Meanwhile the
 * servers' CPU and RSS are read from /proc (proc-watch.ts). Prints Markdown tables with ratios to
 * the embedded default and the servers' versions. The CLI runs from a snapshot of dist/.
 */

interface Pair {
  name: string;
  env: NodeJS.ProcessEnv;
  /** `--db`: the embedded catalog, or the local state file of the scale-out pair. */
  db: string;
  storedBytes(): Promise<number>;
  /** The engine's counters for the pair's index, when the pair has an engine. */
  engineStats?(): Promise<EngineStats>;
}

interface Context {
  args: BackendsBenchArgs;
  snapshot: string;
  pids: Record<string, number>;
}

async function watched<T>(pids: Record<string, number>, work: () => Promise<T>): Promise<[T, ProcessUse[]]> {
  const watch = watchProcesses(pids);
  try {
    const result = await work();
    return [result, watch.stop()];
  } catch (error) {
    watch.stop();
    throw error;
  }
}

async function ingestPair(ctx: Context, pair: Pair, file: string) {
  process.stderr.write(`ingesting ${path.basename(file)} into ${pair.name} …\n`);
  const run = { snapshot: ctx.snapshot, file, db: pair.db, batch: ctx.args.batch, env: pair.env };
  const [ingest, servers] = await watched(ctx.pids, () => ingestWithCli(run));
  return { ingest, servers, storedBytes: await pair.storedBytes(), engine: await pair.engineStats?.() };
}

async function queryPair(ctx: Context, pair: Pair, setFile: string) {
  process.stderr.write(`running the query set on ${pair.name} …\n`);
  const script = path.join(ctx.snapshot, 'scripts/bench/backends-queries.js');
  const argv = [process.execPath, script, setFile, '--db', pair.db];
  const [r, servers] = await watched(ctx.pids, () => timed(argv, pair.env));
  const queries = JSON.parse(r.stdout) as QueryResults;
  const engine = await pair.engineStats?.();
  return { queries, servers, engine, process: { seconds: r.seconds, rssKb: r.rssKb } };
}

/** The set is sampled from the embedded catalog once, so every pair answers exactly the same queries. */
function writeQuerySet(args: BackendsBenchArgs, file: string): number {
  const set: QuerySet = {
    perKind: args.perKind,
    sets: buildQueries(sample(args.db), args.perKind + args.warmup),
  };
  writeFileSync(file, JSON.stringify(set));
  return set.sets.flat().length;
}

function pairs(args: BackendsBenchArgs, scaleOut: ScaleOutEnv, names: string, tag: string): Pair[] {
  return [
    {
      name: 'SQLite + SQLite (embedded)',
      env: { ...process.env, ...EMBEDDED_ENV },
      db: args.db,
      storedBytes: async () => sizeOf(args.db) + sizeOf(`${args.db}-wal`),
    },
    {
      name: names,
      env: { ...process.env, ...scaleOut },
      db: path.join(BENCH_DIR, `backends-local-${tag}.db`),
      storedBytes: async () => {
        const s = await scaleOutSizes(scaleOut);
        return s.storeBytes + s.indexBytes;
      },
      engineStats: () => engineStats(scaleOut),
    },
  ];
}

async function measure(ctx: Context, list: Pair[], file: string, setFile: string): Promise<PairRun[]> {
  const loads = [];
  for (const pair of list) loads.push(await ingestPair(ctx, pair, file));
  const searches = writeQuerySet(ctx.args, setFile);
  const runs: PairRun[] = [];
  for (const [i, pair] of list.entries()) {
    const q = await queryPair(ctx, pair, setFile);
    const l = loads[i]!;
    runs.push({
      pair: pair.name,
      ingest: l.ingest,
      storedBytes: l.storedBytes,
      queries: q.queries,
      queryProcess: q.process,
      servers: { ingest: l.servers, queries: q.servers },
      ...(l.engine && q.engine && { engine: { afterIngest: l.engine, afterQueries: q.engine, searches } }),
    });
  }
  return runs;
}

function report(runs: PairRun[], file: string, head: string[]): string {
  const n = runs[0]!.ingest.records.toLocaleString('en-US');
  const mb = (statSync(file).size / 1e6).toFixed(1);
  const out = [...head, '', `### ${n} records (${path.basename(file)}, ${mb} MB)`, ''];
  out.push(summaryTable(runs), '', kindTable(runs), '', serverTable(runs), '');
  for (const r of runs)
    if (r.engine) out.push(engineTable(r.engine.afterIngest, r.engine.afterQueries, r.engine.searches), '');
  for (const r of runs) out.push(`\`stacks ingest\` on ${r.pair}:`, '', '```', r.ingest.summary, '```', '');
  const docs = runs.map((r) => `${r.pair} ${r.queries.documents.toLocaleString('en-US')}`).join(', ');
  out.push(
    `Documents the stores count: ${docs}.`,
    '',
    'Examples of each kind:',
    '',
    examples(runs[0]!.queries),
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ROOT);
  const urls = readServiceUrls(ROOT);
  const versions = await serverVersions(urls);
  const snapshot = snapshotDist('backends-dist');
  const file = args.file ?? inputFile(args.records, args.seed, snapshot);
  const tag = `${process.pid}${Date.now().toString(36)}`;
  const scaleOut = scaleOutEnv(urls, tag);
  const list = pairs(args, scaleOut, `${versions.storeName} + ${versions.searchName}`, tag);
  const setFile = path.join(BENCH_DIR, `backends-queries-${tag}.json`);
  process.stderr.write(
    `this run's database and alias: ${scaleOut.MONGODB_URL} ${scaleOut.STACKS_INDEX_NAME}\n`,
  );
  const ctx: Context = { args, snapshot, pids: servicePids(ROOT, ['ferretdb', 'opensearch']) };
  const head = [`machine: ${machine()}`, ...versions.lines.map((l) => `server: ${l}`)];
  head.push(`load average at start ${load()}`);
  try {
    const runs = await measure(ctx, list, file, setFile);
    process.stdout.write(`${report(runs, file, head)}\n\nload average at end ${load()}\n`);
  } finally {
    rmSync(setFile, { force: true });
    removeDatabase(list[1]!.db);
    if (args.keep)
      process.stderr.write(
        `kept: ${args.db}, ${scaleOut.MONGODB_URL}, alias ${scaleOut.STACKS_INDEX_NAME}\n`,
      );
    else {
      removeDatabase(args.db);
      await dropScaleOut(scaleOut);
    }
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `bench:backends: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
