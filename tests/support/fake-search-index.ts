import type { SearchIndex } from '../../src/search/port';

/**
 * A search index double typed against the port: the test supplies the methods it needs, and any
 * other call rejects naming the method, so a double that falls behind the port fails to compile
 * or fails loudly instead of answering undefined.
 */
export function fakeSearchIndex(methods: Partial<SearchIndex>): SearchIndex {
  return {
    upsert: notImplemented('upsert'),
    remove: notImplemented('remove'),
    setAvailability: notImplemented('setAvailability'),
    search: notImplemented('search'),
    browse: notImplemented('browse'),
    count: notImplemented('count'),
    rebuild: notImplemented('rebuild'),
    close: notImplemented('close'),
    ...methods,
  };
}

/** An async method that rejects: callers await the port, so the failure lands in the test. */
export function notImplemented(method: string): () => Promise<never> {
  return () => Promise.reject(new Error(`test double: SearchIndex.${method} is not implemented here`));
}
