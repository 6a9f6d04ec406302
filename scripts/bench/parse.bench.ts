import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { positiveInt } from './bench-process';
import { CONTENDERS, runContender, type Contender, type RunResult } from './parse-runner';
import { legend, rssTable, sizeTable, type SizeResults } from './parse-report';

/**
 * `npm run bench:parse [-- --records N | --sizes 250000,1000000] [--file PATH] [--seed S]
 *  [--repeat R] [--only a,b]`
 *
 * Generates the input under tmp/bench/ with generate-marc (reused when a file for the same N and
 * seed is there: the generator is deterministic), then runs every contender on it, each in its
 * own process, and prints Markdown tables: speed and peak RSS per contender, and peak RSS per
 * file size, so "flat as the file grows" can be seen. Figures only: nothing here asserts.
 */

interface Args {
  sizes: number[];
  file?: string;
  seed: number;
  repeat: number;
  only?: string[];
}

const ROOT = path.resolve(__dirname, '../../..');
const BENCH_DIR = path.join(ROOT, 'tmp/bench');
const GENERATOR = path.join(ROOT, 'dist/scripts/bench/generate-marc.js');

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1_000_000], seed: 1, repeat: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (flag === '--records') args.sizes = [positiveInt(value, flag)];
    else if (flag === '--sizes') args.sizes = (value ?? '').split(',').map((s) => positiveInt(s, flag));
    else if (flag === '--file') args.file = path.resolve(value ?? '');
    else if (flag === '--seed') args.seed = positiveInt(value, flag);
    else if (flag === '--repeat') args.repeat = positiveInt(value, flag);
    else if (flag === '--only') args.only = (value ?? '').split(',');
    else throw new Error(`unknown option ${flag}; see the comment at the top of parse.bench.ts`);
  }
  const unknown = args.only?.filter((n) => !CONTENDERS.some((c) => c.name === n)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no contender named ${unknown.join(', ')}`);
  return args;
}

/** The generated file for N records and a seed, made once; a half-written file is never reused. */
function inputFile(records: number, seed: number): string {
  const file = path.join(BENCH_DIR, `generated-${records}-seed${seed}.mrc`);
  if (existsSync(file)) return file;
  mkdirSync(BENCH_DIR, { recursive: true });
  const partial = `${file}.part`;
  process.stderr.write(`generating ${file} …\n`);
  const gen = spawnSync(
    process.execPath,
    [GENERATOR, partial, '--records', String(records), '--seed', String(seed)],
    {
      stdio: 'inherit',
    },
  );
  if (gen.status !== 0) throw new Error(`generate-marc failed (exit ${gen.status})`);
  renameSync(partial, file);
  return file;
}

function yazVersion(): string {
  try {
    return execFileSync('yaz-marcdump', ['-V'], { encoding: 'utf8' }).trim().split(/\s+/)[2] ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  return (
    `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `Node ${process.version}; yaz ${yazVersion()}; load average at start ${load.join(' ')}`
  );
}

function available(contenders: Contender[]): Contender[] {
  const hasYaz = yazVersion() !== 'not installed';
  if (!hasYaz)
    process.stderr.write('yaz-marcdump not found: yaz rows skipped (scripts/bench/install-yaz.sh)\n');
  return contenders.filter((c) => hasYaz || !c.name.startsWith('yaz'));
}

/** Every contender `repeat` times, round-robin, keeping each one's fastest run. */
async function runSize(file: string, contenders: Contender[], repeat: number): Promise<SizeResults> {
  const best = new Map<string, RunResult>();
  for (let round = 1; round <= repeat; round++) {
    for (const c of contenders) {
      const r = await runContender(c, file);
      process.stderr.write(
        `  round ${round} ${c.name}: ${r.records} records, ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), ${(r.peakRssKb / 1024).toFixed(0)} MiB\n`,
      );
      const prev = best.get(c.name);
      if (!prev || r.seconds < prev.seconds) best.set(c.name, r);
    }
  }
  const counts = new Set([...best.values()].map((r) => r.records));
  if (counts.size > 1)
    process.stderr.write(`warning: contenders disagree on the record count: ${[...counts]}\n`);
  const records = best.values().next().value?.records ?? 0;
  return { records, bytes: statSync(file).size, best };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const contenders = available(
    args.only ? CONTENDERS.filter((c) => args.only!.includes(c.name)) : CONTENDERS,
  );
  const files = args.file ? [args.file] : args.sizes.map((n) => inputFile(n, args.seed));
  const out: string[] = [`machine: ${machine()}`, `best of ${args.repeat} run(s) per contender`, ''];
  const sizes: SizeResults[] = [];
  for (const file of files) {
    process.stderr.write(`${file}\n`);
    const size = await runSize(file, contenders, args.repeat);
    sizes.push(size);
    const mb = (size.bytes / 1e6).toFixed(1);
    out.push(`### ${size.records.toLocaleString('en-US')} records, ${mb} MB (${path.basename(file)})`, '');
    out.push(sizeTable(size), '');
  }
  if (sizes.length > 1) out.push('### Peak RSS by file size', '', rssTable(sizes), '');
  out.push(legend(new Set(contenders.map((c) => c.name))));
  out.push(
    '',
    `load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:parse: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
