/** Moving between item streams and batch streams without paying a promise per item. */

/** Items of batches, one by one, without an async generator's per-item cost. */
export function flatten<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = batches[Symbol.asyncIterator]();
      let current: T[] = [];
      let i = 0;
      return {
        async next(): Promise<IteratorResult<T>> {
          while (i >= current.length) {
            const n = await it.next();
            if (n.done) return { value: undefined, done: true };
            current = n.value;
            i = 0;
          }
          return { value: current[i++] as T, done: false };
        },
        async return(): Promise<IteratorResult<T>> {
          await it.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** Items in arrays of up to `size`, for consumers that work in batches. */
export async function* group<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
