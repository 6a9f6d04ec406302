import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';

/**
 * A job's rejected records, their bytes as the upload held them (what `stacks ingest --rejects`
 * writes), one after another: fix them in a MARC editor and upload the file again. Opened at the
 * first rejection, so a clean job leaves no file. A write error is kept and thrown at the next
 * drain or close, failing the job rather than the process.
 */
export class RejectsWriter {
  private stream?: WriteStream;
  private failure?: Error;

  constructor(private readonly file: string) {}

  write(raw: Uint8Array): void {
    if (this.failure) return;
    this.stream ??= this.open();
    this.stream.write(raw);
  }

  async drain(): Promise<void> {
    this.throwIfFailed();
    if (!this.stream) return;
    if (this.stream.pending) await once(this.stream, 'ready');
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream && !stream.closed && !stream.destroyed) {
      await new Promise<void>((resolve) => {
        stream.end(() => resolve());
        stream.once('error', () => resolve());
      });
    }
    this.throwIfFailed();
  }

  private open(): WriteStream {
    const stream = createWriteStream(this.file, { flags: 'w' });
    stream.on('error', (err) => {
      this.failure ??= err;
    });
    return stream;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** The rejects written so far, in chunks; a job without rejections reads as empty. */
export async function* readRejects(file: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  } finally {
    stream.destroy();
  }
}
