import { AppError } from '../../src/errors/app-error';
import type { AvailabilityEntry, IndexedDocument, SearchIndex } from '../../src/search/port';
import { notImplemented } from './fake-search-index';

/**
 * A search index double for the logic around an index that fails: it can be down (every call
 * fails with index_unavailable, as the real adapter reports an engine it cannot reach) or refuse
 * named documents (index_document_rejected naming them, the others written). Only for unit tests
 * of that logic: the real engine going down is tested end to end (tests/e2e/index-outage.test.ts).
 */
export class FlakyIndex implements SearchIndex {
  docs = new Map<string, IndexedDocument>();
  down = false;
  refuse = new Set<string>();
  /** Writes attempted, including failed ones. */
  calls = 0;
  /** Called after each batch a rebuild loads, while searches still see the old documents. */
  duringRebuild?: () => Promise<void>;

  asPort(): SearchIndex {
    return this;
  }

  async upsert(documents: readonly IndexedDocument[]): Promise<void> {
    this.write();
    for (const d of documents) if (!this.refuse.has(d.id)) this.docs.set(d.id, d);
    const refused = documents.filter((d) => this.refuse.has(d.id)).map((d) => ({ id: d.id }));
    if (refused.length > 0) {
      throw new AppError('index_document_rejected', 'refused', { rejected: refused, count: refused.length });
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.write();
    for (const id of ids) this.docs.delete(id);
  }

  /** Replaces the availability of documents it holds, as the adapters do; others are skipped. */
  async setAvailability(entries: readonly AvailabilityEntry[]): Promise<void> {
    this.write();
    for (const { id, availability } of entries) {
      const doc = this.docs.get(id);
      if (!doc) continue;
      const { availability: _old, ...rest } = doc;
      void _old;
      this.docs.set(id, availability ? { ...rest, availability } : rest);
    }
  }

  async count(): Promise<number> {
    this.check();
    return this.docs.size;
  }

  /** Loads a new map beside the old one and swaps them at the end, as the alias swap does. */
  async rebuild(batches: AsyncIterable<readonly IndexedDocument[]>): Promise<{ documents: number }> {
    const next = new Map<string, IndexedDocument>();
    for await (const batch of batches) {
      for (const d of batch) next.set(d.id, d);
      await this.duringRebuild?.();
    }
    this.docs = next;
    return { documents: next.size };
  }

  async close(): Promise<void> {}

  // Reads are not what this double is for; the logic under test only writes and counts.
  search = notImplemented('search');
  browse = notImplemented('browse');

  private write(): void {
    this.calls++;
    this.check();
  }

  private check(): void {
    if (this.down) throw new AppError('index_unavailable', 'the search engine did not answer');
  }
}
