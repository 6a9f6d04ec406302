import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BENCH_DIR,
  ingestWithCli,
  inputFile,
  load,
  machine,
  positiveInt,
  removeDatabase,
  snapshotDist,
  timed,
} from './bench-process';
import type { QueryResults } from './ingest-queries';
import { examples, ingestTable, queryTable, type IngestRun } from './ingest-report';
import type { ThreadCpuSeconds } from './thread-cpu';

/**
 * `npm run bench:ingest [-- --records N] [--file PATH] [--seed S] [--batch N] [--per-kind N]
 *  [--db PATH] [--keep] [--items N]`
 *
 * Generates (or reuses) the N-record file under tmp/bench/, loads it with the real CLI (`stacks
 * ingest`) into a fresh database in a process of its own under GNU time (wall time, CPU, peak
 * RSS), then runs the fixed mixed query set (ingest-queries.ts) on that database in another
 * process, and prints Markdown tables. The CLI runs from a snapshot of dist/ taken at the start,
 * so other work rebuilding dist/ during a long run cannot change the code under test.
 *
 * `--items N` loads two files of the same records in one run, first without holdings fields, then
 * with 0 to N Koha 952 items each (generate-marc.ts `--items`), and prints both, their ratio of
 * records per second and the items written per second: the cost of items at ingest.
 */

interface Args {
  records: number;
  file?: string;
  seed: number;
  batch?: number;
  perKind: number;
  db: string;
  keep: boolean;
  items?: number;
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
    else if (flag === '--items') args.items = positiveInt(value, flag);
    else throw new Error(`unknown option ${flag}; see the comment at the top of ingest.bench.ts`);
  }
  return args;
}

async function queries(snapshot: string, args: Args): Promise<{ results: QueryResults; rssKb: number }> {
  const script = path.join(snapshot, 'scripts/bench/ingest-queries.js');
  const r = await timed([process.execPath, script, args.db, '--per-kind', String(args.perKind)]);
  return { results: JSON.parse(r.stdout) as QueryResults, rssKb: r.rssKb };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const snapshot = snapshotDist('ingest-dist');
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  if (args.items !== undefined) {
    if (args.file) throw new Error('--items generates its own pair of files: drop --file');
    // The queries then run on the database with items.
    out.push(...(await withAndWithoutItems(snapshot, args, args.items)));
  } else {
    const file = args.file ?? inputFile(args.records, args.seed, snapshot);
    process.stderr.write(`ingesting ${file} into ${args.db} …\n`);
    const run = await ingestWithCli({ snapshot, file, db: args.db, batch: args.batch });
    out.push(`### Ingest: ${path.basename(file)} into a fresh database`, '', ingestTable(run), '');
    out.push('```', run.summary, '```', '');
  }
  out.push(`load average after ingest ${load()}`, '');
  process.stderr.write('running the query set …\n');
  const q = await queries(snapshot, args);
  out.push(`### Queries on ${q.results.documents.toLocaleString('en-US')} documents`, '');
  out.push(queryTable(q.results), '', `query process peak RSS ${(q.rssKb / 1024).toFixed(0)} MiB`, '');
  out.push('Examples of each kind:', '', examples(q.results), '', `load average at end ${load()}`);
  if (!args.keep) removeDatabase(args.db);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The same records loaded without, then with items: both runs, their ratio, items per second. */
async function withAndWithoutItems(snapshot: string, args: Args, items: number): Promise<string[]> {
  const without = inputFile(args.records, args.seed, snapshot, 0);
  process.stderr.write(`ingesting ${without} (no items) into ${args.db} …\n`);
  const base = await ingestWithCli({ snapshot, file: without, db: args.db, batch: args.batch });
  removeDatabase(args.db);
  const withItems = inputFile(args.records, args.seed, snapshot, items);
  const itemCount = Number(readFileSync(`${withItems}.items`, 'utf8'));
  process.stderr.write(`ingesting ${withItems} (${itemCount} items) into ${args.db} …\n`);
  const run = await ingestWithCli({ snapshot, file: withItems, db: args.db, batch: args.batch });
  const ratio = run.records / run.seconds / (base.records / base.seconds);
  return [
    `### Ingest with and without items: ${args.records.toLocaleString('en-US')} records, 0–${items} 952 items each`,
    '',
    'Without items:',
    '',
    ingestTable(base),
    '',
    `With ${itemCount.toLocaleString('en-US')} items:`,
    '',
    ingestTable(run),
    '',
    `records/s with items ÷ without: **${ratio.toFixed(3)}**; items written per second ${Math.round(itemCount / run.seconds).toLocaleString('en-US')}`,
    '',
    ...threadLines(base, run),
    '```',
    run.summary,
    '```',
    '',
  ];
}

/**
 * CPU seconds by thread, without and with items: which thread the items load, and whether the run
 * with them is bound by the writing thread or by all threads together on the machine's cores.
 */
function threadLines(base: IngestRun, run: IngestRun): string[] {
  if (!base.threads || !run.threads) return [];
  const pair = (key: keyof ThreadCpuSeconds) =>
    `${base.threads![key].toFixed(2)} / ${run.threads![key].toFixed(2)}`;
  return [
    `CPU s by thread, without / with items: writing thread ${pair('writing')}, worker ${pair('worker')}, other threads (V8's garbage collector and compiler helpers) ${pair('other')}`,
    '',
  ];
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:ingest: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
