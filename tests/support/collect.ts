import type { ByteSource, ReadItem, RecordItem } from '../../src/marc/read-item';

export async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
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
