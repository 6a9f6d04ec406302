import type { ByteSource, ReadItem, RecordItem } from '../../src/marc/read-item';

/** Everything an async iterable yields: reader items, report lines, stream chunks. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function recordsOf(items: ReadItem[]): RecordItem[] {
  return items.filter((i): i is RecordItem => i.ok);
}

/** The same bytes as a stream of chunks of the given sizes (cycled), to test chunk boundaries. */
export function chunked(bytes: Uint8Array, ...sizes: number[]): ByteSource {
  return (async function* () {
    let at = 0;
    let k = 0;
    while (at < bytes.length) {
      const n = sizes[k++ % sizes.length] ?? bytes.length;
      yield bytes.subarray(at, at + n);
      at += n;
    }
  })();
}

/** The same bytes in two chunks cut at `cut`, to test one boundary at a time. */
export function splitAt(bytes: Uint8Array, cut: number): ByteSource {
  return (async function* () {
    yield bytes.subarray(0, cut);
    yield bytes.subarray(cut);
  })();
}
