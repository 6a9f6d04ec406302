import type { ReportLine } from './ingest.types';
import { entryLine, type Entry } from './staged-record';

/**
 * The input side of a run, taken a few entries at a time. Whatever goes wrong on that side (the
 * reader gives up, a progress handler throws to stop a job) is held back until the unit of work
 * in progress has committed what was read before it, then rethrown: a reader that stops still
 * leaves everything it read written.
 */
export class Intake {
  /** Entries taken out since the start. */
  taken = 0;
  error: unknown;
  private readonly groups: AsyncIterator<Entry[]>;
  private buffer: Entry[] = [];
  private ended = false;

  constructor(
    source: AsyncIterable<Entry[]>,
    private readonly onGroup: (taken: number, last: ReportLine | undefined) => void,
  ) {
    this.groups = source[Symbol.asyncIterator]();
  }

  /** No more entries: the input ended or failed, or nothing is left to take. */
  get done(): boolean {
    return this.buffer.length === 0 && (this.ended || this.error !== undefined);
  }

  /** Up to n entries; fewer only at the end of the input or after an error. */
  async take(n: number): Promise<Entry[]> {
    while (this.buffer.length < n && !this.ended && this.error === undefined) await this.pull();
    const out = this.buffer.length <= n ? this.buffer : this.buffer.slice(0, n);
    this.buffer = this.buffer.length <= n ? [] : this.buffer.slice(n);
    this.taken += out.length;
    return out;
  }

  /** Lets go of the input early (an error on the writing side): stops a worker thread behind it. */
  async close(): Promise<void> {
    if (!this.ended) await this.groups.return?.();
    this.ended = true;
  }

  private async pull(): Promise<void> {
    try {
      const next = await this.groups.next();
      if (next.done) {
        this.ended = true;
        return;
      }
      this.buffer.push(...next.value);
      const last = next.value[next.value.length - 1];
      this.onGroup(this.taken + this.buffer.length, last && entryLine(last));
    } catch (err) {
      this.error = err;
    }
  }
}
