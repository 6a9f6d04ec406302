import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Where converted records go: a file, or stdout when no path is given. `write` only gathers
 * (strings are joined and encoded once per ~256 KB, not once per record); `drain` hands a full
 * buffer to the stream and waits when the stream says so, so memory stays flat however fast
 * the reader is.
 */
export interface Sink {
  write(chunk: string | Uint8Array): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

const FLUSH_AT = 256 * 1024;

export function openSink(path?: string): Sink {
  const stream: Writable = path && path !== '-' ? createWriteStream(path) : process.stdout;
  let parts: (string | Uint8Array)[] = [];
  let size = 0;

  async function flush(): Promise<void> {
    if (parts.length === 0) return;
    const chunk = parts.every((p) => typeof p === 'string')
      ? Buffer.from(parts.join(''), 'utf8')
      : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    parts = [];
    size = 0;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  return {
    write(chunk) {
      parts.push(chunk);
      size += chunk.length;
    },
    async drain() {
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
