import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { AppError } from '../errors/app-error';

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
  const file = path && path !== '-' ? path : undefined;
  const stream: Writable = file ? createWriteStream(file, { fd: openForWriting(file) }) : process.stdout;
  let failure: AppError | undefined;
  // A write error (disk full) would otherwise be an unhandled 'error' event and a stack trace.
  if (file) stream.on('error', (err) => (failure ??= unwritable(file, err.message)));
  let parts: (string | Uint8Array)[] = [];
  let size = 0;

  async function flush(): Promise<void> {
    if (failure) throw failure;
    if (parts.length === 0) return;
    const chunk = parts.every((p) => typeof p === 'string')
      ? Buffer.from(parts.join(''), 'utf8')
      : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    parts = [];
    size = 0;
    if (stream.write(chunk)) return;
    // once() rejects on 'error', so a full disk ends the wait instead of hanging it.
    await once(stream, 'drain').catch((err: Error) => {
      throw failure ?? unwritable(file ?? 'standard output', err.message);
    });
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
        stream.end((err?: Error | null) => (err ? reject(unwritable(file!, err.message)) : resolve())),
      );
    },
  };
}

/** Opened before any work starts, so a bad path is one clean message, not a crash mid-run. */
function openForWriting(file: string): number {
  try {
    return openSync(file, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : String(code);
    throw unwritable(file, code === 'EISDIR' ? 'it is a directory' : why);
  }
}

function unwritable(file: string, why: string): AppError {
  return new AppError('output_unwritable', `cannot write ${file}: ${why}`, { file });
}
