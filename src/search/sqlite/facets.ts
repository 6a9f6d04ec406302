import type { Database } from 'better-sqlite3';
import type { FacetField, FacetValue } from '../port';
import { facetFieldCode } from './facet-codes';
import type { StatementCache } from './statement-cache';

/**
 * Facet counts over the whole result (not the page): the matched rowids in temp.search_hits are
 * joined to search_facets and grouped by interned value id; only the top values are turned back
 * into text. Counts for the unrestricted result (every record) scan the (field, value_id) index
 * and are cached until the index changes, here or through another connection (data_version).
 */
export class FacetCounter {
  private cache = new Map<string, FacetValue[]>();
  private cacheStamp = '';

  constructor(
    private readonly db: Database,
    private readonly statements: StatementCache,
    private readonly generation: () => number,
  ) {}

  count(
    facets: readonly { field: FacetField; limit: number }[],
    unrestricted: boolean,
  ): Partial<Record<FacetField, FacetValue[]>> {
    const out: Partial<Record<FacetField, FacetValue[]>> = {};
    if (facets.length === 0) return out;
    if (unrestricted) this.refreshCache();
    for (const { field, limit } of facets) {
      out[field] = unrestricted ? this.countAll(field, limit) : this.countHits(field, limit);
    }
    return out;
  }

  private countHits(field: FacetField, limit: number): FacetValue[] {
    // CROSS JOIN keeps the (usually much smaller) hit list as the outer loop.
    const sql =
      'SELECT v.value, g.count FROM (SELECT f.value_id, count(*) AS count FROM temp.search_hits h ' +
      'CROSS JOIN search_facets f ON f.doc_rowid = h.rowid AND f.field = ? GROUP BY f.value_id) g ' +
      'JOIN search_facet_values v ON v.id = g.value_id ORDER BY g.count DESC, v.value LIMIT ?';
    return this.statements.get(sql).all(facetFieldCode(field), limit) as FacetValue[];
  }

  private countAll(field: FacetField, limit: number): FacetValue[] {
    const key = `${field}\u0000${limit}`;
    const cached = this.cache.get(key);
    if (cached) return cached.map((v) => ({ ...v }));
    const sql =
      'SELECT v.value, g.count FROM (SELECT value_id, count(*) AS count FROM search_facets WHERE field = ? ' +
      'GROUP BY value_id) g JOIN search_facet_values v ON v.id = g.value_id ORDER BY g.count DESC, v.value LIMIT ?';
    const values = this.statements.get(sql).all(facetFieldCode(field), limit) as FacetValue[];
    // Inside a transaction the counts may include writes that are later rolled back.
    if (!this.db.inTransaction)
      this.cache.set(
        key,
        values.map((v) => ({ ...v })),
      );
    return values;
  }

  private refreshCache(): void {
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    const stamp = `${this.generation()}:${dataVersion}`;
    if (stamp !== this.cacheStamp) {
      this.cache = new Map();
      this.cacheStamp = stamp;
    }
  }
}
