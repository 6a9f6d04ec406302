import Database from 'better-sqlite3';
import { buildQueries, facetsFor, KINDS, sample } from './ingest-queries';

/**
 * What `bench:api` sends: the mixed query set of bench:ingest (ingest-queries.ts, sampled from the
 * database, so the same data gives the same requests) as GET /search paths, and record ids spread
 * evenly over the records table as GET /records/{id} paths. Warm-up requests are separate from the
 * measured ones, so no measured request was answered before it is timed.
 */

export interface SearchRequest {
  kind: string;
  q: string;
  facets: string[];
  path: string;
}

export interface Workload {
  documents: number;
  /** Measured searches, kinds interleaved: any stretch of the list holds the whole mix. */
  searches: SearchRequest[];
  warmupSearches: SearchRequest[];
  ids: string[];
  warmupIds: string[];
}

export interface WorkloadSize {
  perKind: number;
  warmupPerKind: number;
  ids: number;
  warmupIds: number;
}

export function searchPath(q: string, facets: readonly string[]): string {
  return `/search?q=${encodeURIComponent(q)}&facets=${facets.join(',')}`;
}

export function recordPath(id: string): string {
  return `/records/${encodeURIComponent(id)}`;
}

/** Round-robin over the lists (a1 b1 c1 a2 b2 c2 …), so a prefix of any length keeps the proportions. */
export function interleave<T>(lists: readonly T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

function searchRequests(sets: string[][], from: number, to: number): SearchRequest[] {
  const lists = sets.map((set, k) =>
    set.slice(from, to).map((q, i) => {
      const facets = facetsFor(i);
      return { kind: KINDS[k]!, q, facets, path: searchPath(q, facets) };
    }),
  );
  return interleave(lists);
}

/** n ids spread evenly over the table by rowid, in rowid order; `half` takes those midway between. */
function sampleIds(db: Database.Database, n: number, half: boolean): string[] {
  const { top } = db.prepare('SELECT max(rowid) AS top FROM records').get() as { top: number | null };
  const stride = Math.max(1, Math.floor((top ?? 0) / n));
  const phase = half ? Math.floor(stride / 2) : 0;
  const rows = db
    .prepare('SELECT id FROM records WHERE rowid % ? = ? ORDER BY rowid LIMIT ?')
    .all(stride, phase, n) as { id: string }[];
  return rows.map((r) => r.id);
}

export function buildWorkload(dbPath: string, size: WorkloadSize): Workload {
  const s = sample(dbPath);
  const sets = buildQueries(s, size.perKind + size.warmupPerKind);
  const db = new Database(dbPath, { readonly: true });
  let ids: string[];
  let warmupIds: string[];
  try {
    ids = sampleIds(db, size.ids, false);
    const measured = new Set(ids);
    warmupIds = sampleIds(db, size.warmupIds, true).filter((id) => !measured.has(id));
  } finally {
    db.close();
  }
  return {
    documents: s.documents,
    searches: searchRequests(sets, 0, size.perKind),
    warmupSearches: searchRequests(sets, size.perKind, size.perKind + size.warmupPerKind),
    ids,
    warmupIds,
  };
}
