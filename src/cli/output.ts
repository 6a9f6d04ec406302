import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Where converted records go: a file, or stdout when no path is given. Small writes are
 * gathered into ~256 KB chunks (one syscall per chunk, not per record) and backpressure is
 * honoured, so memory stays flat however fast the reader is.
 */
export interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

const FLUSH_AT = 256 * 1024;

export function openSink(path?: string): Sink {
  const stream: Writable = path && path !== '-' ? createWriteStream(path) : process.stdout;
  const pending: Buffer[] = [];
  let size = 0;

  async function flush(): Promise<void> {
    if (size === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
    pending.length = 0;
    size = 0;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  return {
    async write(chunk) {
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, 'utf8')
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      pending.push(bytes);
      size += bytes.length;
      if (size >= FLUSH_AT) await flush();
    },
    async close() {
      await flush();
      if (stream === process.stdout) return;
      await new Promise<void>((resolve, reject) =>
        stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    },
  };
}
