import type { Database } from 'better-sqlite3';

/**
 * Changes whenever the index may have changed: a write through this adapter (generation) or a
 * commit by another connection (SQLite's data_version). Answers about the whole index (its
 * total, its facet counts) are cached against it; inside a transaction nothing is cached, since
 * the transaction may still roll back.
 */
export class IndexVersion {
  private stamp = '';
  private readonly values = new Map<string, unknown>();

  constructor(
    private readonly db: Database,
    private readonly generation: () => number,
  ) {}

  cached<T>(key: string, compute: () => T): T {
    const stamp = `${this.generation()}:${String(this.db.pragma('data_version', { simple: true }))}`;
    if (stamp !== this.stamp) {
      this.values.clear();
      this.stamp = stamp;
    }
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = compute();
    if (!this.db.inTransaction) this.values.set(key, value);
    return value;
  }
}
