import type { QueryResults } from './ingest-queries';
import { percentile, type IngestRun } from './ingest-report';
import type { EngineStats } from './backends-servers';
import type { ProcessUse } from './proc-watch';

/**
 * The tables `bench:backends` prints, in Markdown to paste into docs/benchmarks.md. The first run
 * is the baseline (the embedded default) that every ratio compares with. Rates are per wall-clock
 * second of the whole CLI process (start-up, connecting and closing included); latencies are
 * nearest-rank percentiles of single queries, one at a time, four facets each.
 */

export interface PairRun {
  /** `SQLite + SQLite (embedded)`, `FerretDB + OpenSearch`. */
  pair: string;
  ingest: IngestRun;
  /** What the records and the index take: the SQLite file, or the server database plus the index. */
  storedBytes: number;
  queries: QueryResults;
  /** Wall time and peak RSS of the query process (start-up and warm-up included). */
  queryProcess: { seconds: number; rssKb: number };
  /** The servers' use during this pair's ingest and its queries. */
  servers: { ingest: ProcessUse[]; queries: ProcessUse[] };
  /** A search engine's counters for the run's index, after the load and after the query process. */
  engine?: { afterIngest: EngineStats; afterQueries: EngineStats; searches: number };
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i > 0 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number): string => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const mib = (kb: number): string => (kb / 1024).toFixed(0);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);

/** `0.12×`, `34×`: two significant figures are all a shared machine's figures carry. */
export function ratio(value: number, baseline: number): string {
  const r = value / baseline;
  if (!Number.isFinite(r)) return '–';
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`;
}

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** Queries over the time spent in them. */
  perSecond: number;
}

export function latencies(times: readonly number[]): Latencies {
  const sorted = [...times].sort((a, b) => a - b);
  const total = sorted.reduce((n, t) => n + t, 0) / 1000;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? NaN,
    perSecond: sorted.length / total,
  };
}

const allTimes = (q: QueryResults): number[] => q.kinds.flatMap((k) => k.ms);

/** One row per pair: the load, then the whole query set. */
export function summaryTable(runs: readonly PairRun[]): string {
  const base = runs[0]!;
  const baseRate = base.ingest.records / base.ingest.seconds;
  const baseQ = latencies(allTimes(base.queries));
  const rows = runs.map((r) => {
    const rate = r.ingest.records / r.ingest.seconds;
    const q = latencies(allTimes(r.queries));
    return [
      r.pair,
      int(r.ingest.records),
      r.ingest.seconds.toFixed(1),
      int(rate),
      ratio(rate, baseRate),
      r.ingest.cpuSeconds.toFixed(1),
      mib(r.ingest.peakRssKb),
      mb(r.storedBytes),
      String(q.count),
      ms(q.p50),
      ms(q.p95),
      ms(q.max),
      int(q.perSecond),
      ratio(q.perSecond, baseQ.perSecond),
      mib(r.queryProcess.rssKb),
    ];
  });
  const header = ['backends', 'records', 'ingest s', 'records/s', 'vs embedded', 'ingest CPU s'];
  header.push('ingest peak RSS MiB');
  header.push('stored MB', 'queries', 'p50 ms', 'p95 ms', 'max ms', 'queries/s', 'vs embedded');
  header.push('query peak RSS MiB');
  return table(header, rows);
}

/** One row per query kind: p50 / p95 / max of each pair, and the p50 ratio of each pair after the first. */
export function kindTable(runs: readonly PairRun[]): string {
  const base = runs[0]!;
  const header = ['query (+ 4 facets)', 'queries', 'avg hits'];
  for (const r of runs) header.push(`${r.pair}: p50 / p95 / max ms`);
  for (const r of runs.slice(1)) header.push(`${r.pair}: p50 vs embedded`);
  const rows = base.queries.kinds.map((k, i) => {
    const per = runs.map((r) => latencies(r.queries.kinds[i]?.ms ?? []));
    const hits = runs.map((r) => int(r.queries.kinds[i]?.avgHits ?? NaN));
    const row = [k.kind, String(k.queries), [...new Set(hits)].join(' / ')];
    for (const l of per) row.push(`${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.max)}`);
    for (const l of per.slice(1)) row.push(ratio(l.p50, per[0]!.p50));
    return row;
  });
  return table(header, rows);
}

/** Each server's CPU (seconds, and share of one core over the phase) and RSS during each phase. */
export function serverTable(runs: readonly PairRun[]): string {
  const rows: string[][] = [];
  for (const r of runs) {
    const phases = [
      ['ingest', r.servers.ingest, r.ingest.seconds],
      ['queries', r.servers.queries, r.queryProcess.seconds],
    ] as const;
    for (const [phase, uses, seconds] of phases)
      for (const u of uses)
        rows.push([
          `${r.pair}: ${phase}`,
          u.name,
          u.cpuSeconds.toFixed(1),
          `${((100 * u.cpuSeconds) / seconds).toFixed(0)}%`,
          mib(u.peakRssKb),
          mib(u.endRssKb),
        ]);
  }
  return table(['phase', 'server', 'CPU s', 'CPU of one core', 'peak RSS MiB', 'RSS at end MiB'], rows);
}

/**
 * The engine's counters for the run's index: after the load, and over the query process
 * (`searches` calls of SearchService.search, warm-up included). Requests per search above 1 are the
 * facet-spelling look-ups (facet-spellings.ts).
 */
export function engineTable(afterIngest: EngineStats, afterQueries: EngineStats, searches: number): string {
  const requests = afterQueries.queryTotal - afterIngest.queryTotal;
  const queryMs = afterQueries.queryMs - afterIngest.queryMs;
  const fetches = afterQueries.fetchTotal - afterIngest.fetchTotal;
  const fetchMs = afterQueries.fetchMs - afterIngest.fetchMs;
  const per = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : '–');
  const rows = [
    ['load: documents, segments', `${int(afterIngest.docs)}, ${afterIngest.segments}`],
    [
      'load: index operations, time in indexing s',
      `${int(afterIngest.indexTotal)}, ${(afterIngest.indexMs / 1000).toFixed(1)}`,
    ],
    [
      'load: refreshes, time in refresh s',
      `${afterIngest.refreshTotal}, ${(afterIngest.refreshMs / 1000).toFixed(1)}`,
    ],
    ['load: time in merges s', (afterIngest.mergeMs / 1000).toFixed(1)],
    [
      'queries: searches, engine requests, requests per search',
      `${searches}, ${requests}, ${per(requests, searches)}`,
    ],
    ['queries: engine query phase ms per request', per(queryMs, requests)],
    ['queries: engine fetch phase ms per fetch', per(fetchMs, fetches)],
  ];
  return table(["engine counter (the run's index, primaries)", 'value'], rows);
}
