import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../errors/app-error';
import type { PendingIndexPage } from '../port';

/**
 * The SQLite store's outbox: `index_pending` on records and tombstones, set by the same statement
 * that writes the row, read through partial indexes that hold only pending rows (so a catalogue
 * whose index keeps up costs nothing to ask). Cleared per row, only while the row is still at the
 * version the index was given.
 */
export class SqliteIndexOutbox {
  private readonly q: ReturnType<typeof prepare>;

  constructor(private readonly db: Database) {
    this.q = prepare(db);
  }

  page(limit: number, after: string | undefined): PendingIndexPage {
    const from = parseCursor(after);
    const rows = this.q.page.all(from, from, limit + 1) as {
      id: string;
      version: number;
      dead: 0 | 1;
      seq: number;
    }[];
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({ id: r.id, version: r.version, deleted: r.dead === 1 }));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items, next: String(last.seq) } : { items };
  }

  mark(items: readonly { id: string; version: number }[]): void {
    if (items.length === 0) return;
    this.db.transaction(() => {
      for (const { id, version } of items) {
        this.q.clearRecord.run(id, version);
        this.q.clearTombstone.run(id, version);
      }
    })();
  }

  /**
   * Sets the mark again on live records not pending already, and says which; their version and
   * place in the change feed stay.
   */
  markPending(ids: readonly string[]): string[] {
    const marked: string[] = [];
    this.db.transaction(() => {
      for (const id of new Set(ids)) if (this.q.markRecord.run(id).changes > 0) marked.push(id);
    })();
    return marked;
  }

  count(): number {
    return (this.q.count.get() as { n: number }).n;
  }
}

function parseCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  const seq = Number(after);
  if (!/^\d+$/.test(after) || !Number.isSafeInteger(seq)) {
    throw new AppError('invalid_config', `bad pending-work cursor "${after}"`);
  }
  return seq;
}

function prepare(db: Database) {
  const s = (sql: string): Statement => db.prepare(sql);
  return {
    page: s(
      `SELECT id, version, 0 AS dead, seq FROM records WHERE index_pending IS NOT NULL AND seq > ?
       UNION ALL SELECT id, version, 1 AS dead, seq FROM tombstones WHERE index_pending IS NOT NULL AND seq > ?
       ORDER BY seq LIMIT ?`,
    ),
    markRecord: s('UPDATE records SET index_pending = 1 WHERE id = ? AND index_pending IS NULL'),
    clearRecord: s(
      'UPDATE records SET index_pending = NULL WHERE id = ? AND version = ? AND index_pending IS NOT NULL',
    ),
    clearTombstone: s(
      'UPDATE tombstones SET index_pending = NULL WHERE id = ? AND version = ? AND index_pending IS NOT NULL',
    ),
    count: s(
      `SELECT (SELECT count(*) FROM records WHERE index_pending IS NOT NULL)
            + (SELECT count(*) FROM tombstones WHERE index_pending IS NOT NULL) AS n`,
    ),
  };
}
