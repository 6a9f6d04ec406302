import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestRun } from './ingest-report';
import { ThreadCpuSampler, type ThreadCpuSeconds } from './thread-cpu';

/**
 * What the ingest benchmarks share: the generated input, a snapshot of dist/ to run the CLI from,
 * child processes timed by GNU time, and the machine line. Every figure comes from a process of
 * its own, so the benchmark's own memory and work never count.
 */

export const ROOT = path.resolve(__dirname, '../../..');
export const BENCH_DIR = path.join(ROOT, 'tmp/bench');

export function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value?.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} wants a positive integer, not ${value}`);
  return n;
}

/**
 * A copy of dist/ under tmp/bench/NAME, so that other work rebuilding dist/ during a long run
 * cannot change the code under test. Each benchmark has its own NAME: two may run one after the
 * other while the first one's children still read theirs.
 */
export function snapshotDist(name: string): string {
  const snapshot = path.join(BENCH_DIR, name);
  rmSync(snapshot, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'dist'), snapshot, { recursive: true });
  return snapshot;
}

/** The generated file for N records and a seed, made once; a half-written file is never reused. */
/** The generated N-record file of a seed (made once, then reused); `items`: see generate-marc.ts `--items`. */
export function inputFile(records: number, seed: number, snapshot: string, items?: number): string {
  const suffix = items === undefined ? '' : `-items${items}`;
  const file = path.join(BENCH_DIR, `generated-${records}-seed${seed}${suffix}.mrc`);
  if (existsSync(file)) return file;
  mkdirSync(BENCH_DIR, { recursive: true });
  const partial = `${file}.part`;
  process.stderr.write(`generating ${file} …\n`);
  const generator = path.join(snapshot, 'scripts/bench/generate-marc.js');
  const corpus = path.join(ROOT, '../shared/corpus');
  const argv = [generator, partial, '--records', String(records), '--seed', String(seed), '--corpus', corpus];
  if (items !== undefined) argv.push('--items', String(items));
  const gen = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (gen.status !== 0) throw new Error(`generate-marc failed (exit ${gen.status})`);
  if (items !== undefined) renameSync(`${partial}.items`, `${file}.items`);
  renameSync(partial, file);
  return file;
}

export function removeDatabase(db: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}

export function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

export interface TimedRun {
  stdout: string;
  stderr: string;
  seconds: number;
  cpu: number;
  rssKb: number;
  /** The command's CPU by thread (thread-cpu.ts), where /proc tells it. */
  threads?: ThreadCpuSeconds;
}

/**
 * Runs a command under GNU time; resolves with its output, wall seconds, CPU seconds and peak RSS.
 * `env` replaces the environment (the caller passes process.env plus its own variables).
 */
export async function timed(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  const timeFile = path.join(BENCH_DIR, `time-${process.pid}`);
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const sampler = child.pid === undefined ? undefined : new ThreadCpuSampler(child.pid);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const threads = sampler?.stop();
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  // Exit 1 from `stacks ingest` means some records were rejected: still a complete run.
  if (code !== 0 && code !== 1)
    throw new Error(`${argv.slice(0, 3).join(' ')} exited with ${code}: ${stderr.slice(-1500)}`);
  const [user, sys, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(timeFile, { force: true });
  const run: TimedRun = { stdout, stderr, seconds, cpu: user! + sys!, rssKb: rss! };
  return threads ? { ...run, threads } : run;
}

export interface CliIngest {
  snapshot: string;
  file: string;
  /** `--db`: the embedded catalog, or the local state file beside server backends. */
  db: string;
  batch?: number;
  env?: NodeJS.ProcessEnv;
}

/** `stacks ingest FILE --db DB -q` from the snapshot, in a fresh database, under GNU time. */
export async function ingestWithCli(run: CliIngest): Promise<IngestRun> {
  removeDatabase(run.db);
  const cli = path.join(run.snapshot, 'src/cli/main.js');
  const batch = run.batch ? ['--batch-size', String(run.batch)] : [];
  const r = await timed([process.execPath, cli, 'ingest', run.file, '--db', run.db, '-q', ...batch], run.env);
  const total = /total\s+(\d+)/.exec(r.stderr);
  if (!total) throw new Error(`no summary from stacks ingest: ${r.stderr.slice(-800)}`);
  return {
    records: Number(total[1]),
    inputBytes: statSync(run.file).size,
    seconds: r.seconds,
    cpuSeconds: r.cpu,
    peakRssKb: r.rssKb,
    dbBytes: sizeOf(run.db) + sizeOf(`${run.db}-wal`),
    summary: r.stderr.trim(),
    ...(r.threads && { threads: r.threads }),
  };
}

export function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function machine(): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a checkout: the figures stand without it.
  }
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; commit ${commit}`;
}
