import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepared statements by SQL text, for the SQLite adapters that build queries from filters (the
 * search index, item lists, the event log). Query shapes repeat (the same fields, the same number
 * of filter values), so preparing each once saves the parse; the cap, least recently used out
 * first, keeps odd shapes (a long status list) from piling up.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly capacity = 500,
  ) {}

  get(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      // Re-insert so the map's order is least recently used first.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    if (this.statements.size >= this.capacity) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  /** better-sqlite3 finalises a statement when it is collected; dropping our references is enough. */
  clear(): void {
    this.statements.clear();
  }
}
