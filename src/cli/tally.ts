import type { ReadItem } from '../marc/read-item';

const MAX_LISTED = 50;

/**
 * Counts what a run read, wrote, rejected and warned about, and tells the cataloger on stderr:
 * every rejected record with its number, byte offset and reason (the first few dozen), every
 * warning with --verbose, then the summary.
 */
export class Tally {
  read = 0;
  written = 0;
  rejected = 0;
  warnings = 0;
  private listed = 0;
  private readonly byCode = new Map<string, number>();

  constructor(
    private readonly flags: { verbose?: boolean; quiet?: boolean },
    /** Where record messages go: a progress bar's `say`, so they do not land inside the bar. */
    private readonly out: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  add(item: ReadItem): void {
    this.read++;
    if (!item.ok) {
      this.rejected++;
      this.count(item.code);
      this.say(
        `record ${item.recordNumber} at byte ${item.byteOffset}: rejected (${item.code}): ${item.message}`,
      );
      return;
    }
    for (const w of item.warnings) {
      this.warnings++;
      this.count(w.code);
      if (this.flags.verbose)
        this.say(
          `record ${item.recordNumber} at byte ${item.byteOffset}: warning (${w.code}): ${w.message}`,
          true,
        );
    }
  }

  printSummary(): void {
    if (this.listed > MAX_LISTED) process.stderr.write(`… ${this.listed - MAX_LISTED} more not listed\n`);
    const codes = [...this.byCode.entries()].map(([c, n]) => `${c} ${n}`).join(', ');
    process.stderr.write(
      `read ${this.read}, written ${this.written}, rejected ${this.rejected}, warnings ${this.warnings}${codes ? ` (${codes})` : ''}\n`,
    );
  }

  private count(code: string): void {
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
  }

  private say(line: string, always = false): void {
    if (this.flags.quiet) return;
    this.listed++;
    if (always || this.listed <= MAX_LISTED) this.out(line);
  }
}
