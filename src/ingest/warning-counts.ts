import type { ReportLine } from './ingest.types';

/** Warnings by code (`leader_repaired: 2980`), as `stacks validate` lists them. */
export type WarningCounts = Record<string, number>;

/**
 * Adds a report line's warnings to the counts. A report line keeps each warning as
 * `code: message` text (readable in the JSON lines); the code is the part before the colon.
 */
export function countWarnings(into: WarningCounts, line: ReportLine): void {
  for (const text of line.warnings ?? []) {
    const colon = text.indexOf(': ');
    const code = colon > 0 ? text.slice(0, colon) : text;
    into[code] = (into[code] ?? 0) + 1;
  }
}

/** `leader_repaired 2,000, charset_marc8_assumed 980`: most frequent first. */
export function describeWarnings(counts: WarningCounts): string {
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, n]) => `${code} ${n.toLocaleString('en-US')}`)
    .join(', ');
}

export function totalWarnings(counts: WarningCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
