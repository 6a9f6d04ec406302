/**
 * Progress for long runs on stderr: a redrawn line on a terminal, a plain line every
 * few seconds otherwise (CI logs, cron), nothing when quiet.
 */
export interface Progress {
  tick(records: number, bytes?: number): void;
  done(): void;
}

const TTY_EVERY_MS = 200;
const LOG_EVERY_MS = 5000;

export function createProgress(
  label: string,
  options: { quiet?: boolean; totalBytes?: number } = {},
): Progress {
  if (options.quiet) return { tick: () => undefined, done: () => undefined };
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  let last = started;
  let drawn = false;
  return {
    tick(records, bytes) {
      const now = Date.now();
      if (now - last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
      last = now;
      const line = describe(label, records, bytes, now - started, options.totalBytes);
      if (tty) {
        process.stderr.write(`\r\x1b[K${bar(bytes, options.totalBytes)}${line}`);
        drawn = true;
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

function describe(
  label: string,
  records: number,
  bytes: number | undefined,
  ms: number,
  total?: number,
): string {
  const rate = Math.round((records * 1000) / Math.max(ms, 1));
  let line = `${label}: ${records.toLocaleString('en-US')} records, ${rate.toLocaleString('en-US')}/s`;
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
