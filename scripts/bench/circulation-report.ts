import type { CatalogBuild } from './circulation-catalog';
import { percentile } from './ingest-report';

/**
 * The tables bench:circulation prints, in Markdown for docs/benchmarks.md. Percentiles are
 * nearest-rank over every answer of a cell; requests/s is answers over the cell's wall time; CPU is
 * the server's share of one core over the cell. Ratios compare like with like: an operation against
 * the item status change of the same backend and concurrency (the cheapest item write), and MongoDB
 * against the embedded default for the same operation and concurrency.
 */

export type Op = 'status' | 'check-out' | 'check-in';
export type BackendName = 'sqlite' | 'mongo';

export interface CellRow {
  backend: BackendName;
  op: Op;
  concurrency: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers that were not the expected status, and socket errors. */
  failed: number;
  serverCpuShare: number;
}

export function row(
  backend: BackendName,
  op: Op,
  cell: { concurrency: number; seconds: number; latenciesMs: number[]; ok: string[]; errors: number },
  serverCpuSeconds: number,
): CellRow {
  const sorted = [...cell.latenciesMs].sort((a, b) => a - b);
  return {
    backend,
    op,
    concurrency: cell.concurrency,
    requests: sorted.length,
    perSecond: sorted.length / cell.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    failed: sorted.length - cell.ok.length + cell.errors,
    serverCpuShare: serverCpuSeconds / cell.seconds,
  };
}

const LABEL: Record<BackendName, string> = { sqlite: 'embedded (SQLite)', mongo: 'MongoDB (FerretDB)' };
const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number): string => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
/** Three significant digits: MongoDB's throughput on FerretDB is a few thousandths of the embedded one. */
const times = (n: number): string =>
  !Number.isFinite(n) ? '–' : n >= 10 ? `${n.toFixed(1)}×` : `${Number(n.toPrecision(3))}×`;
/** Requests per second: whole above 10, two decimals below (FerretDB's one or two a second). */
const rate = (n: number): string => (Number.isFinite(n) && n < 10 ? n.toFixed(2) : int(n));
const s = (n: number): string => n.toFixed(1);

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i > 2 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function buildTable(builds: readonly { backend: BackendName; build: CatalogBuild }[]): string {
  return table(
    [
      'backend',
      'records',
      'items',
      'patrons',
      'open loans',
      'ingest s',
      'patrons s',
      'loans s',
      'check-outs/s (build)',
    ],
    builds.map(({ backend, build: b }) => [
      LABEL[backend],
      int(b.records),
      int(b.items),
      int(b.patrons),
      int(b.loans),
      s(b.ingestSeconds),
      s(b.patronSeconds),
      s(b.loanSeconds),
      rate(b.loans / b.loanSeconds),
    ]),
  );
}

function baselineOf(rows: readonly CellRow[], r: CellRow): CellRow | undefined {
  return rows.find((b) => b.backend === r.backend && b.op === 'status' && b.concurrency === r.concurrency);
}

export function resultsTable(rows: readonly CellRow[]): string {
  return table(
    [
      'backend',
      'operation',
      'concurrency',
      'requests',
      'requests/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'failed',
      'server CPU',
      'p50 vs status',
      'p95 vs status',
    ],
    rows.map((r) => {
      const base = baselineOf(rows, r);
      return [
        LABEL[r.backend],
        r.op,
        String(r.concurrency),
        int(r.requests),
        rate(r.perSecond),
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        ms(r.max),
        String(r.failed),
        `${Math.round(r.serverCpuShare * 100)}%`,
        base && r.op !== 'status' ? times(r.p50 / base.p50) : '–',
        base && r.op !== 'status' ? times(r.p95 / base.p95) : '–',
      ];
    }),
  );
}

/** MongoDB against the embedded default, cell by cell: how many times slower (p50, p95) and the throughput ratio. */
export function peerTable(rows: readonly CellRow[]): string {
  const out: string[][] = [];
  for (const m of rows.filter((r) => r.backend === 'mongo')) {
    const e = rows.find((r) => r.backend === 'sqlite' && r.op === m.op && r.concurrency === m.concurrency);
    if (!e) continue;
    out.push([
      m.op,
      String(m.concurrency),
      times(m.p50 / e.p50),
      times(m.p95 / e.p95),
      times(m.perSecond / e.perSecond),
    ]);
  }
  return out.length === 0
    ? ''
    : table(
        [
          'operation',
          'concurrency',
          'p50 MongoDB ÷ embedded',
          'p95 MongoDB ÷ embedded',
          'requests/s MongoDB ÷ embedded',
        ],
        out,
      );
}

/** The target: p95 ≤ 20 ms on the embedded default at concurrency 1, for both operations. */
export function targetLine(rows: readonly CellRow[], targetMs: number): string {
  const cells = rows.filter((r) => r.backend === 'sqlite' && r.concurrency === 1 && r.op !== 'status');
  if (cells.length === 0) return '';
  const parts = cells.map((r) => `${r.op} p95 ${ms(r.p95)} ms ${r.p95 <= targetMs ? 'met' : 'NOT met'}`);
  return `target p95 ≤ ${targetMs} ms, embedded, concurrency 1: ${parts.join('; ')}`;
}
