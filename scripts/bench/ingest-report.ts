import type { ThreadCpuSeconds } from './thread-cpu';
import type { QueryResults } from './ingest-queries';

/**
 * The tables `bench:ingest` prints, in Markdown so they can be pasted into docs/benchmarks.md as
 * they are. Rates are per wall-clock second of the whole process; RSS in MiB (GNU time's %M / 1024).
 */

export interface IngestRun {
  records: number;
  inputBytes: number;
  seconds: number;
  cpuSeconds: number;
  peakRssKb: number;
  dbBytes: number;
  /** The CLI's own summary (counts and its rate). */
  summary: string;
  /** CPU seconds by thread, where /proc tells it (thread-cpu.ts). */
  threads?: ThreadCpuSeconds;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i > 0 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function ingestTable(run: IngestRun): string {
  return table(
    ['records', 'input MB', 'seconds', 'CPU s', 'records/s', 'peak RSS MiB', 'database MB', 'bytes/record'],
    [
      [
        int(run.records),
        (run.inputBytes / 1e6).toFixed(1),
        run.seconds.toFixed(1),
        run.cpuSeconds.toFixed(1),
        int(run.records / run.seconds),
        (run.peakRssKb / 1024).toFixed(0),
        (run.dbBytes / 1e6).toFixed(0),
        int(run.dbBytes / run.records),
      ],
    ],
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function row(label: string, times: number[], hits: string): string[] {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((n, t) => n + t, 0) / 1000;
  return [
    label,
    String(times.length),
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 95)),
    ms(sorted[sorted.length - 1] ?? NaN),
    int(times.length / total),
    hits,
  ];
}

/** One row per query kind and one for all of them; every query asks for four facets. */
export function queryTable(q: QueryResults): string {
  const rows = q.kinds.map((k) => row(k.kind, k.ms, int(k.avgHits)));
  const all = q.kinds.flatMap((k) => k.ms);
  rows.push(row('**all**', all, ''));
  return table(
    ['query (+ 4 facets)', 'queries', 'p50 ms', 'p95 ms', 'max ms', 'queries/s', 'avg hits'],
    rows,
  );
}

export function examples(q: QueryResults): string {
  return q.kinds.map((k) => `- ${k.kind}: ${k.examples.map((e) => `\`${e}\``).join(', ')}`).join('\n');
}
