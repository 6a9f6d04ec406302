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
import { examples, ingestTable, queryTable } from './ingest-report';

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

async function queries(snapshot: string, args: Args): Promise<{ results: QueryResults; rssKb: number }> {
  const script = path.join(snapshot, 'scripts/bench/ingest-queries.js');
  const r = await timed([process.execPath, script, args.db, '--per-kind', String(args.perKind)]);
  return { results: JSON.parse(r.stdout) as QueryResults, rssKb: r.rssKb };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const snapshot = snapshotDist('ingest-dist');
  const file = args.file ?? inputFile(args.records, args.seed, snapshot);
  const out = [`machine: ${machine()}`, `load average at start ${load()}`, ''];
  process.stderr.write(`ingesting ${file} into ${args.db} …\n`);
  const run = await ingestWithCli({ snapshot, file, db: args.db, batch: args.batch });
  out.push(`### Ingest: ${path.basename(file)} into a fresh database`, '', ingestTable(run), '');
  out.push('```', run.summary, '```', '', `load average after ingest ${load()}`, '');
  process.stderr.write('running the query set …\n');
  const q = await queries(snapshot, args);
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
