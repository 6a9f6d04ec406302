import { createReadStream } from 'node:fs';
import type { ByteSource } from './read-item';

const CHUNK = 1 << 20;

/** A file path, or `-` for standard input, as a stream of byte chunks. */
export function openSource(path: string): ByteSource {
  if (path === '-') return process.stdin;
  return createReadStream(path, { highWaterMark: CHUNK });
}

/** Bytes, as a one-chunk source (tests, HTTP bodies already in memory). */
export function bytesSource(bytes: Uint8Array | string): ByteSource {
  const chunk = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return (async function* () {
    yield chunk;
  })();
}

export interface PeekedSource {
  head: Buffer;
  source: ByteSource;
}

/**
 * Reads at least `n` bytes (fewer at the end of input) without losing them: the returned source
 * replays the head, then the rest of the original stream.
 */
export async function peek(source: ByteSource, n: number): Promise<PeekedSource> {
  const it = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, source: replay() };
}
