import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueryResults } from './ingest-queries';
import { examples, ingestTable, queryTable, type IngestRun } from './ingest-report';

/**
 * `npm run bench:ingest [-- --records N] [--file PATH] [--seed S] [--batch N] [--per-kind N]
 *  [--db PATH] [--keep]`
 *
 * Generates (or reuses) the N-record file under tmp/bench/, loads it with the real CLI (`stacks
 * ingest`) into a fresh database in a process of its own under GNU time (wall time, CPU, peak
 * RSS), then runs the fixed mixed query set (ingest-queries.ts) on that database in another
 * process, and prints Markdown tables. The CLI runs from a snapshot of dist/ taken at the start,
 * so other work rebuilding dist/ during a long run cannot change the code under test.
 */

interface Args {
  records: number;
  file?: string;
  seed: number;
  batch?: number;
  perKind: number;
  db: string;
  keep: boolean;
}

const ROOT = path.resolve(__dirname, '../../..');
const BENCH_DIR = path.join(ROOT, 'tmp/bench');
const SNAPSHOT = path.join(BENCH_DIR, 'ingest-dist');

function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value?.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} wants a positive integer, not ${value}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    records: 1_000_000,
    seed: 1,
    perKind: 60,
    db: path.join(BENCH_DIR, 'ingest-bench.db'),
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--keep') {
      args.keep = true;
      continue;
    }
    const value = argv[++i];
    if (flag === '--records') args.records = positiveInt(value, flag);
    else if (flag === '--file') args.file = path.resolve(value ?? '');
    else if (flag === '--seed') args.seed = positiveInt(value, flag);
    else if (flag === '--batch') args.batch = positiveInt(value, flag);
    else if (flag === '--per-kind') args.perKind = positiveInt(value, flag);
    else if (flag === '--db') args.db = path.resolve(value ?? '');
    else throw new Error(`unknown option ${flag}; see the comment at the top of ingest.bench.ts`);
  }
  return args;
}

/** The generated file for N records and a seed, made once; a half-written file is never reused. */
function inputFile(records: number, seed: number): string {
  const file = path.join(BENCH_DIR, `generated-${records}-seed${seed}.mrc`);
  if (existsSync(file)) return file;
  mkdirSync(BENCH_DIR, { recursive: true });
  const partial = `${file}.part`;
  process.stderr.write(`generating ${file} …\n`);
  const generator = path.join(SNAPSHOT, 'scripts/bench/generate-marc.js');
  const corpus = path.join(ROOT, '../shared/corpus');
  const argv = [generator, partial, '--records', String(records), '--seed', String(seed), '--corpus', corpus];
  const gen = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (gen.status !== 0) throw new Error(`generate-marc failed (exit ${gen.status})`);
  renameSync(partial, file);
  return file;
}

function removeDatabase(db: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** Runs a command under GNU time; resolves with its output, wall seconds, CPU seconds and peak RSS. */
async function timed(
  argv: string[],
): Promise<{ stdout: string; stderr: string; seconds: number; cpu: number; rssKb: number }> {
  const timeFile = path.join(BENCH_DIR, `time-${process.pid}`);
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  // Exit 1 from `stacks ingest` means some records were rejected: still a complete run.
  if (code !== 0 && code !== 1)
    throw new Error(`${argv.slice(0, 3).join(' ')} exited with ${code}: ${stderr.slice(-1500)}`);
  const [user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(timeFile, { force: true });
  return { stdout, stderr, seconds, cpu: user! + sys!, rssKb: rss! };
}

async function ingest(file: string, args: Args): Promise<IngestRun> {
  removeDatabase(args.db);
  const cli = path.join(SNAPSHOT, 'src/cli/main.js');
  const batch = args.batch ? ['--batch', String(args.batch)] : [];
  const r = await timed([process.execPath, cli, 'ingest', file, '--db', args.db, '-q', ...batch]);
  const total = /total\s+(\d+)/.exec(r.stderr);
  if (!total) throw new Error(`no summary from stacks ingest: ${r.stderr.slice(-800)}`);
  return {
    records: Number(total[1]),
    inputBytes: statSync(file).size,
    seconds: r.seconds,
    cpuSeconds: r.cpu,
    peakRssKb: r.rssKb,
    dbBytes: sizeOf(args.db) + sizeOf(`${args.db}-wal`),
    summary: r.stderr.trim(),
  };
}

async function queries(args: Args): Promise<{ results: QueryResults; rssKb: number }> {
  const script = path.join(SNAPSHOT, 'scripts/bench/ingest-queries.js');
  const r = await timed([process.execPath, script, args.db, '--per-kind', String(args.perKind)]);
  return { results: JSON.parse(r.stdout) as QueryResults, rssKb: r.rssKb };
}

function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function machine(): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout: the figures stand without it.
  }
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; commit ${commit}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  rmSync(SNAPSHOT, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'dist'), SNAPSHOT, { recursive: true });
  const file = args.file ?? inputFile(args.records, args.seed);
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  process.stderr.write(`ingesting ${file} into ${args.db} …\n`);
  const run = await ingest(file, args);
  out.push(`### Ingest: ${path.basename(file)} into a fresh database`, '', ingestTable(run), '');
  out.push('```', run.summary, '```', '', `load average after ingest ${load()}`, '');
  process.stderr.write('running the query set …\n');
  const q = await queries(args);
  out.push(`### Queries on ${q.results.documents.toLocaleString('en-US')} documents`, '');
  out.push(queryTable(q.results), '', `query process peak RSS ${(q.rssKb / 1024).toFixed(0)} MiB`, '');
  out.push('Examples of each kind:', '', examples(q.results), '', `load average at end ${load()}`);
  if (!args.keep) removeDatabase(args.db);
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:ingest: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
