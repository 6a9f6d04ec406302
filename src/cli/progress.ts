/**
 * Progress for long runs on stderr: a redrawn line on a terminal, a plain line every
 * few seconds otherwise (CI logs, cron, a pipe), nothing when quiet. Escape codes are for
 * terminals only: a log file would keep them as `\r\e[K` noise.
 */
export interface Progress {
  tick(records: number, bytes?: number): void;
  /** A message line on stderr; on a terminal the bar is cleared first and redrawn at the next tick. */
  say(line: string): void;
  done(): void;
}

/** A terminal that can redraw a line: not a pipe or file, and not TERM=dumb. */
export function stderrIsTerminal(): boolean {
  return Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb';
}

const TTY_EVERY_MS = 200;
const LOG_EVERY_MS = 5000;

export function createProgress(
  label: string,
  /** totalRecords: the bar and ETA count records (an export knows its records, not its bytes). */
  options: { quiet?: boolean; totalBytes?: number; totalRecords?: number } = {},
): Progress {
  if (options.quiet) return { tick: () => undefined, say, done: () => undefined };
  const tty = stderrIsTerminal();
  const started = Date.now();
  let last = started;
  let drawn = false;
  return {
    tick(records, bytes) {
      const now = Date.now();
      if (now - last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
      last = now;
      const line = describe(label, records, bytes, now - started, options);
      if (tty) {
        const drawnBar = options.totalRecords
          ? bar(records, options.totalRecords)
          : bar(bytes, options.totalBytes);
        process.stderr.write(`\r\x1b[K${drawnBar}${line}`);
        drawn = true;
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    say(line) {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
      say(line);
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function describe(
  label: string,
  records: number,
  bytes: number | undefined,
  ms: number,
  totals: { totalBytes?: number; totalRecords?: number },
): string {
  const total = totals.totalBytes;
  const rate = Math.round((records * 1000) / Math.max(ms, 1));
  let line = `${label}: ${records.toLocaleString('en-US')} records`;
  const all = totals.totalRecords;
  if (all && records > 0) {
    const eta = Math.max(0, ((all - records) * ms) / records / 1000);
    line += ` of ${all.toLocaleString('en-US')} (${Math.round((records / all) * 100)}%, ETA ${Math.round(eta)}s)`;
  }
  line += `, ${rate.toLocaleString('en-US')}/s`;
  if (bytes !== undefined) {
    line += `, ${(bytes / 1e6).toFixed(1)} MB`;
    if (total && bytes > 0) {
      const eta = Math.max(0, ((total - bytes) * ms) / bytes / 1000);
      line += ` of ${(total / 1e6).toFixed(1)} MB (${Math.round((bytes / total) * 100)}%, ETA ${Math.round(eta)}s)`;
    }
  }
  return line;
}

const BAR_WIDTH = 24;

/** `[#########---------------] ` when the total is known, for terminals only. */
function bar(bytes: number | undefined, total: number | undefined): string {
  if (!total || bytes === undefined) return '';
  const filled = Math.min(BAR_WIDTH, Math.round((bytes / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] `;
}
