import path from 'node:path';

/**
 * `npm run bench:api [-- --db PATH] [--duration S] [--warmup S] [--concurrency 1,16,64]
 *  [--per-kind N] [--ids N] [--timeout S] [--only search,records,health,workers,mixed] [--workers 0,1,2]`
 */
export interface ApiBenchArgs {
  db: string;
  /** Seconds measured per cell (endpoint × concurrency) and for each in-process peer. */
  duration: number;
  /**
   * Seconds of warm-up before each cell's window, on requests that are not measured; at least the
   * slowest cell's latency, so that its queue is full when the window opens.
   */
  warmup: number;
  concurrency: number[];
  /** Measured searches of each kind of the mixed set (seven kinds). */
  perKind: number;
  /** Measured record ids. */
  ids: number;
  /** Seconds before an unanswered request counts as an error. */
  timeout: number;
  endpoints: Endpoint[];
  /** Read worker counts of the `workers` cells (0: every query on the HTTP thread, as before the pool). */
  workers: number[];
}

/**
 * `health` (GET /health, no catalog work) is not run by default: it gives the HTTP stack's own cost.
 * `workers` and `mixed` are the read pool's cells (api-pool.ts), each on servers of their own.
 */
export const ENDPOINTS = ['search', 'records', 'health', 'workers', 'mixed'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

function positive(value: string | undefined, flag: string, integer: boolean): number {
  const n = Number(value?.replace(/_/g, ''));
  if (value === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${flag} wants a positive ${integer ? 'integer' : 'number'}, not ${value}`);
  return n;
}

function endpoints(value: string | undefined): Endpoint[] {
  const names = (value ?? '').split(',').filter(Boolean);
  const bad = names.filter((n) => !(ENDPOINTS as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0)
    throw new Error(`--only takes ${ENDPOINTS.join(', ')} (comma list), not ${value}`);
  return names as Endpoint[];
}

function workerCounts(value: string | undefined): number[] {
  const counts = (value ?? '').split(',').map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`--workers takes whole numbers ≥ 0 (comma list), not ${value}`);
  return counts;
}

export function parseArgs(argv: readonly string[], root: string): ApiBenchArgs {
  const args: ApiBenchArgs = {
    db: path.join(root, 'tmp/bench/ingest-bench.db'),
    duration: 10,
    warmup: 2,
    concurrency: [1, 16, 64],
    perKind: 60,
    ids: 1000,
    timeout: 120,
    endpoints: ['search', 'records', 'workers', 'mixed'],
    workers: [0, 1, 2],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (flag === '--db') args.db = path.resolve(value ?? '');
    else if (flag === '--duration') args.duration = positive(value, flag, false);
    else if (flag === '--warmup') args.warmup = positive(value, flag, false);
    else if (flag === '--concurrency')
      args.concurrency = (value ?? '').split(',').map((c) => positive(c, flag, true));
    else if (flag === '--per-kind') args.perKind = positive(value, flag, true);
    else if (flag === '--ids') args.ids = positive(value, flag, true);
    else if (flag === '--timeout') args.timeout = positive(value, flag, false);
    else if (flag === '--only') args.endpoints = endpoints(value);
    else if (flag === '--workers') args.workers = workerCounts(value);
    else throw new Error(`unknown option ${flag}; see the comment at the top of scripts/bench/api-args.ts`);
  }
  return args;
}
