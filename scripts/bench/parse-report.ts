import { BASELINE, CONTENDERS, type RunResult } from './parse-runner';

/**
 * The tables `bench:parse` prints, in Markdown so they can be pasted into docs/benchmarks.md as
 * they are. MB/s counts input bytes (10^6); RSS is in MiB, as GNU time's %M (KiB) / 1024.
 */

export interface SizeResults {
  records: number;
  bytes: number;
  /** The best (fastest) run of each contender at this size. */
  best: Map<string, RunResult>;
}

function table(header: string[], rows: string[][]): string {
  const right = header.map((_, i) => i > 0);
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${right.map((r) => (r ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  return lines.join('\n');
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (kb: number): string => (kb / 1024).toFixed(0);

function ratio(result: RunResult, size: SizeResults): string {
  const task = CONTENDERS.find((c) => c.name === result.contender)?.task;
  const base = task ? size.best.get(BASELINE[task]) : undefined;
  if (!base) return 'n/a';
  return `${(base.seconds / result.seconds).toFixed(2)}×`;
}

/** One row per contender: how fast, how much memory, and how that compares with yaz. */
export function sizeTable(size: SizeResults): string {
  const rows = [...size.best.values()].map((r) => [
    r.contender,
    int(r.records),
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    int(r.records / r.seconds),
    (size.bytes / 1e6 / r.seconds).toFixed(1),
    mib(r.peakRssKb),
    ratio(r, size),
  ]);
  return table(
    ['contender', 'records', 'seconds', 'CPU s', 'records/s', 'MB/s', 'peak RSS MiB', 'speed vs yaz'],
    rows,
  );
}

/** Peak RSS of every contender at every size: flat rows mean memory does not grow with the file. */
export function rssTable(sizes: SizeResults[]): string {
  const names = CONTENDERS.map((c) => c.name).filter((n) => sizes.some((s) => s.best.has(n)));
  const rows = names.map((n) => [
    n,
    ...sizes.map((s) => {
      const r = s.best.get(n);
      return r ? mib(r.peakRssKb) : '—';
    }),
  ]);
  return table(['peak RSS MiB', ...sizes.map((s) => `${int(s.records)} records`)], rows);
}

export function legend(ran: ReadonlySet<string>): string {
  const lines = CONTENDERS.filter((c) => ran.has(c.name)).map(
    (c) => `- \`${c.name}\` (${c.task}): ${c.describe}`,
  );
  return [
    ...lines,
    `- speed vs yaz: yaz's time / this row's time, against \`${BASELINE.parse}\` for parse rows and ` +
      `\`${BASELINE.marcxml}\` for MARCXML rows (above 1 = faster than yaz).`,
    '- seconds: wall time of the whole process, start-up included; CPU s: user + system time ' +
      '(more than seconds when threads, such as V8 GC helpers, use the second core).',
  ].join('\n');
}
