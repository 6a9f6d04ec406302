import path from 'node:path';
import { positiveInt } from './bench-process';

/**
 * `npm run bench:backends [-- --records N] [--seed S] [--file PATH] [--batch N] [--per-kind N]
 *  [--warmup N] [--db PATH] [--keep]`
 */
export interface BackendsBenchArgs {
  records: number;
  seed: number;
  /** An existing MARC file instead of the generated one. */
  file?: string;
  /** `stacks ingest --batch` for both pairs; the CLI's default when absent. */
  batch?: number;
  /** Measured queries of each of the seven kinds. */
  perKind: number;
  /** Warm-up queries of each kind, run before and never measured. */
  warmup: number;
  /** The embedded catalog (and the scale-out pair's local state file). */
  db: string;
  /** Leave the SQLite file, the MongoDB database and the index in place. */
  keep: boolean;
}

/** Why this size: docs/benchmarks.md, "Scale-out backends" (the FerretDB load sets the pace). */
export const DEFAULT_RECORDS = 20_000;

export function parseArgs(argv: readonly string[], root: string): BackendsBenchArgs {
  const args: BackendsBenchArgs = {
    records: DEFAULT_RECORDS,
    seed: 1,
    perKind: 60,
    warmup: 10,
    db: path.join(root, 'tmp/bench/backends-bench.db'),
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
    else if (flag === '--seed') args.seed = positiveInt(value, flag);
    else if (flag === '--file') args.file = path.resolve(value ?? '');
    else if (flag === '--batch') args.batch = positiveInt(value, flag);
    else if (flag === '--per-kind') args.perKind = positiveInt(value, flag);
    else if (flag === '--warmup') args.warmup = positiveInt(value, flag);
    else if (flag === '--db') args.db = path.resolve(value ?? '');
    else
      throw new Error(`unknown option ${flag}; see the comment at the top of scripts/bench/backends-args.ts`);
  }
  return args;
}
