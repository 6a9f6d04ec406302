import type { SortKey } from '../port';
import type { CursorState } from '../common/cursor';
import { afterCursor, orderBy, sortSpec } from './sort';
import type { StatementCache } from '../../connections/sqlite-kit/statement-cache';

/**
 * One page of hits: rowids, rank, sort value and id, in order, plus one row more to tell whether
 * another page follows. The sorter never carries the display JSON (fetched for the page only).
 * Where the hits are every document, relevance is id order, read straight off the id index.
 * A text-ranked page is read in two steps so that ids (the tie-break) are joined only for the
 * rows at or above the page's boundary rank rather than for every hit.
 */
export interface PageRow {
  rowid: number;
  rank: number;
  k: string | number;
  id: string;
}

export interface PageRequest {
  sort: SortKey;
  /** temp.search_hits holds the hits; false: every document matches (nothing was collected). */
  restricted: boolean;
  /** bm25: the hits carry bm25 ranks (a text query); uniform: all rank 0; mixed: identifier matches and 0. */
  ranks: 'bm25' | 'uniform' | 'mixed';
  /** Hits as a share of all documents. */
  density: number;
  cursor?: CursorState;
  offset: number;
  /** Rows wanted, one more than the page size. */
  count: number;
}

const HITS = 'temp.search_hits h CROSS JOIN search_docs d ON d.rowid = h.rowid';
const DENSE = 0.02;

export function readPage(statements: StatementCache, request: PageRequest): PageRow[] {
  // Whatever the hits' density, a walk of the id index visits each document once over all pages.
  if (request.sort === 'id') return idOrder(statements, request, request.restricted);
  if (request.sort === 'relevance') {
    if (!request.restricted) return idOrder(statements, request, false);
    if (request.ranks === 'bm25') return byRank(statements, request);
    // Dense unranked hits: walking the id index finds a page of them within a few hundred entries.
    if (request.ranks === 'uniform' && request.density >= DENSE) return idOrder(statements, request, true);
  }
  const spec = sortSpec(request.sort);
  const from = request.restricted ? HITS : 'search_docs d';
  const rank = request.restricted ? 'h.rank' : '0';
  const expr = spec.expr.replace('h.rank', rank);
  const keyed = { expr, descending: spec.descending };
  const sql =
    `SELECT d.rowid AS rowid, ${rank} AS rank, ${expr} AS k, d.id AS id FROM ${from} ` +
    `${request.cursor ? `WHERE ${afterCursor(keyed)}` : ''} ORDER BY ${orderBy(keyed)} LIMIT ? OFFSET ?`;
  const params = request.cursor ? [request.cursor.value, request.cursor.id] : [];
  return statements.get(sql).all(...params, request.count, request.cursor ? 0 : request.offset) as PageRow[];
}

function idOrder(statements: StatementCache, request: PageRequest, hitsOnly: boolean): PageRow[] {
  const conditions = [
    // The unary + keeps the planner from driving by rowid, so it walks the id index in order.
    ...(hitsOnly ? ['+rowid IN (SELECT rowid FROM temp.search_hits)'] : []),
    ...(request.cursor ? ['id > ?'] : []),
  ];
  const sql =
    `SELECT rowid, 0 AS rank, ${request.sort === 'id' ? 'id' : '0'} AS k, id FROM search_docs ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ` +
    'ORDER BY id LIMIT ? OFFSET ?';
  const params = request.cursor ? [request.cursor.id] : [];
  return statements.get(sql).all(...params, request.count, request.cursor ? 0 : request.offset) as PageRow[];
}

/**
 * Every row ranked better than the boundary (the rank of the last row wanted, counting the rows a
 * cursor's rank ties could still exclude), and every row tied with it; sorted by (rank, id) in JS.
 */
function byRank(statements: StatementCache, request: PageRequest): PageRow[] {
  const cursor = request.cursor;
  const skip = cursor ? 0 : request.offset;
  const floor = cursor ? Number(cursor.value) : -Infinity;
  const tied = cursor
    ? (statements.get('SELECT count(*) FROM temp.search_hits WHERE rank = ?').pluck().get(floor) as number)
    : 0;
  const boundary = statements
    .get('SELECT rank FROM temp.search_hits WHERE rank >= ? ORDER BY rank LIMIT 1 OFFSET ?')
    .pluck()
    .get(floor, skip + request.count - 1 + tied) as number | undefined;
  const sql = `SELECT h.rowid AS rowid, h.rank AS rank, h.rank AS k, d.id AS id FROM ${HITS} WHERE h.rank >= ? AND h.rank <= ?`;
  const rows = statements.get(sql).all(floor, boundary ?? Infinity) as PageRow[];
  const after = cursor ? rows.filter((r) => r.rank > floor || (r.rank === floor && r.id > cursor.id)) : rows;
  after.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return after.slice(skip, skip + request.count);
}
