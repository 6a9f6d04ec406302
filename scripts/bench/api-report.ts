import { percentile } from './ingest-report';

/**
 * The tables `bench:api` prints, in Markdown to paste into docs/benchmarks.md. Percentiles are
 * nearest-rank over every answered request of a cell (no histogram buckets); requests/s is answered
 * requests over the cell's wall time. CPU is a share of one core: 100% = one core busy throughout.
 */

export interface Cell {
  endpoint: string;
  /** `HTTP` through the server, or `in-process` (the peer: no HTTP). */
  via: 'HTTP' | 'in-process';
  concurrency: number;
  seconds: number;
  latenciesMs: number[];
  /** Socket errors and timeouts (HTTP), or look-ups that found nothing (in-process). */
  errors: number;
  non2xx: number;
  serverCpu?: number;
  toolCpu?: number;
  serverPeakRssKb?: number;
}

export interface CellSummary {
  endpoint: string;
  via: Cell['via'];
  concurrency: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  serverCpuShare?: number;
  toolCpuShare?: number;
}

export function summarize(cell: Cell): CellSummary {
  const sorted = Float64Array.from(cell.latenciesMs).sort();
  const asArray = Array.from(sorted);
  const summary: CellSummary = {
    endpoint: cell.endpoint,
    via: cell.via,
    concurrency: cell.concurrency,
    requests: sorted.length,
    perSecond: cell.seconds > 0 ? sorted.length / cell.seconds : NaN,
    p50: percentile(asArray, 50),
    p99: percentile(asArray, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    errors: cell.errors,
    non2xx: cell.non2xx,
  };
  if (cell.serverCpu !== undefined) summary.serverCpuShare = cell.serverCpu / cell.seconds;
  if (cell.toolCpu !== undefined) summary.toolCpuShare = cell.toolCpu / cell.seconds;
  return summary;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i > 1 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number): string => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const share = (n: number | undefined): string => (n === undefined ? '–' : `${Math.round(n * 100)}%`);
const signedMs = (n: number): string => `${n >= 0 ? '+' : '−'}${ms(Math.abs(n))} ms`;
const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

export function resultsTable(cells: readonly CellSummary[]): string {
  return table(
    [
      'endpoint',
      'via',
      'concurrency',
      'requests',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'errors',
      'non-2xx',
      'server CPU',
      'load-tool CPU',
    ],
    cells.map((c) => [
      `\`${c.endpoint}\``,
      c.via,
      String(c.concurrency),
      int(c.requests),
      int(c.perSecond),
      ms(c.p50),
      ms(c.p99),
      ms(c.max),
      String(c.errors),
      String(c.non2xx),
      share(c.serverCpuShare),
      share(c.toolCpuShare),
    ]),
  );
}

/**
 * Per endpoint: HTTP at concurrency 1 against the in-process peer (throughput ratio, and the
 * difference of the medians: what HTTP adds to one request), and each concurrency's throughput
 * against HTTP at concurrency 1 (what the concurrency buys).
 */
export function ratioTable(cells: readonly CellSummary[]): string {
  const rows: string[][] = [];
  for (const endpoint of [...new Set(cells.map((c) => c.endpoint))]) {
    const peer = cells.find((c) => c.endpoint === endpoint && c.via === 'in-process');
    const http = cells.filter((c) => c.endpoint === endpoint && c.via === 'HTTP');
    const base = http.find((c) => c.concurrency === 1);
    if (peer && base) {
      rows.push([
        `\`${endpoint}\``,
        'HTTP c=1 vs in-process c=1',
        ratio(base.perSecond / peer.perSecond),
        signedMs(base.p50 - peer.p50),
      ]);
    }
    for (const c of http.filter((h) => base && h !== base)) {
      rows.push([
        `\`${endpoint}\``,
        `HTTP c=${c.concurrency} vs HTTP c=1`,
        ratio(c.perSecond / base!.perSecond),
        signedMs(c.p50 - base!.p50),
      ]);
    }
  }
  return table(['endpoint', 'comparison', 'requests/s ratio', 'p50 difference'], rows);
}
