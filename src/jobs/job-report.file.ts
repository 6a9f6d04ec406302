import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import type { ReportLine } from '../ingest/ingest.types';

/**
 * A job's report as JSON lines, the same lines `stacks ingest --report` writes. Writes are
 * buffered by the stream; `drain()` after each batch gives backpressure. A write error (disk full)
 * is kept and thrown at the next drain or close, so it fails the job instead of the process.
 */
export class ReportWriter {
  private readonly stream: WriteStream;
  private failure?: Error;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'w' });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  write(line: ReportLine): void {
    if (!this.failure) this.stream.write(JSON.stringify(line) + '\n');
  }

  async drain(): Promise<void> {
    this.throwIfFailed();
    // Until the file is open, an error opening it (no directory, no permission) is still to come.
    if (this.stream.pending) await once(this.stream, 'ready');
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.stream.closed && !this.stream.destroyed) {
      await new Promise<void>((resolve) => {
        this.stream.end(() => resolve());
        this.stream.once('error', () => resolve());
      });
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/**
 * The report's complete lines so far, one string per record (JSON text, no newline). A last line
 * without its newline is a write in progress and is left out; a missing file reads as empty.
 */
export async function* readReportLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) if (line !== '') yield line;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  } finally {
    stream.destroy();
  }
}
