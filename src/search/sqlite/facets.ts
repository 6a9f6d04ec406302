import type { FacetField, FacetValue } from '../port';
import type { IndexVersion } from './index-version';
import type { StatementCache } from '../../connections/sqlite-kit/statement-cache';
import { fieldCodeOf, termFieldCode, YEAR_FIELD_CODE, yearOf } from './term-fields';

/**
 * Facet counts over the whole result, not the page. For a search, each hit's term list (its row
 * of search_doc_terms, read in rowid order) is counted in JS: one read per hit whatever the number
 * of facets, where a join would probe an index per hit and facet. Only the top terms (and those
 * tied with the last) are turned back into text. Counts for the unrestricted result (every record)
 * are grouped from the search_postings key instead and cached until the index changes, here or
 * through another connection (data_version).
 */
type Wanted = readonly { field: FacetField; limit: number }[];
type Facets = Partial<Record<FacetField, FacetValue[]>>;

export class FacetCounter {
  constructor(
    private readonly statements: StatementCache,
    private readonly version: IndexVersion,
    /** Hits whose term lists cross into JS at once (bounds the memory of one facet count). */
    private readonly hitsPerChunk = 20_000,
  ) {}

  count(facets: Wanted, unrestricted: boolean): Facets {
    if (facets.length === 0) return {};
    return unrestricted ? this.countAll(facets) : this.countHits(facets);
  }

  private countHits(facets: Wanted): Facets {
    const codes = new Set(facets.map((f) => codeOf(f.field)));
    const counts = new Map<number, number>();
    for (const ids of this.hitTermChunks()) {
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i]!;
        if (codes.has(fieldCodeOf(id))) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    const byField = new Map<number, [number, number][]>();
    for (const entry of counts) {
      const code = fieldCodeOf(entry[0]);
      const list = byField.get(code) ?? [];
      list.push(entry);
      byField.set(code, list);
    }
    const out: Facets = {};
    for (const { field, limit } of facets) out[field] = this.top(byField.get(codeOf(field)) ?? [], limit);
    return out;
  }

  /**
   * The term ids of every hit, a chunk of hits at a time. SQLite concatenates a chunk's term
   * lists (as hex, since group_concat is a text aggregate): one value crosses into JS per chunk
   * instead of a row per hit, which halves the cost per hit.
   */
  private *hitTermChunks(): Generator<Float64Array> {
    const sql =
      "SELECT max(h.rowid) AS last, group_concat(hex(x.terms), '') AS terms FROM " +
      '(SELECT rowid FROM temp.search_hits WHERE rowid > ? ORDER BY rowid LIMIT ?) h ' +
      'LEFT JOIN search_doc_terms x ON x.rowid = h.rowid';
    const chunk = this.statements.get(sql);
    let after = -1;
    for (;;) {
      const row = chunk.get(after, this.hitsPerChunk) as { last: number | null; terms: string | null };
      if (row.last === null) return;
      if (row.terms) {
        const bytes = Buffer.from(row.terms, 'hex');
        // Float64Array reads in platform order: little-endian on every platform Node supports.
        const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
        yield new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
      }
      after = row.last;
    }
  }

  /** The `limit` most frequent terms, ties by value: texts are fetched only for the contenders. */
  private top(entries: [number, number][], limit: number): FacetValue[] {
    entries.sort((a, b) => b[1] - a[1]);
    const floor = entries.length > limit ? entries[limit - 1]![1] : 0;
    const contenders = entries.filter(([, count]) => count >= floor);
    const values = this.values(contenders.map(([id]) => id));
    return contenders
      .map(([id, count]) => ({ value: values.get(id) ?? '', count }))
      .sort((a, b) => b.count - a.count || compareText(a.value, b.value))
      .slice(0, limit);
  }

  private values(ids: number[]): Map<number, string> {
    const out = new Map<number, string>();
    const termIds: number[] = [];
    for (const id of ids) {
      if (fieldCodeOf(id) === YEAR_FIELD_CODE) out.set(id, String(yearOf(id)));
      else termIds.push(id);
    }
    if (termIds.length === 0) return out;
    const sql = 'SELECT id, value FROM search_terms WHERE id IN (SELECT value FROM json_each(?))';
    for (const row of this.statements.get(sql).all(JSON.stringify(termIds)) as {
      id: number;
      value: string;
    }[]) {
      out.set(row.id, row.value);
    }
    return out;
  }

  private countAll(facets: Wanted): Facets {
    const out: Facets = {};
    for (const { field, limit } of facets) {
      const values = this.version.cached(`facet\u0000${field}\u0000${limit}`, () =>
        this.queryAll(field, limit),
      );
      out[field] = values.map((v) => ({ ...v }));
    }
    return out;
  }

  private queryAll(field: FacetField, limit: number): FacetValue[] {
    if (field === 'year') {
      const sql =
        'SELECT year AS value, count(*) AS count FROM search_docs WHERE year > 0 GROUP BY year ' +
        'ORDER BY count DESC, CAST(year AS TEXT) LIMIT ?';
      const rows = this.statements.get(sql).all(limit) as { value: number; count: number }[];
      return rows.map((r) => ({ value: String(r.value), count: r.count }));
    }
    const sql =
      'SELECT t.value, g.count FROM (SELECT term_id, count(*) AS count FROM search_postings WHERE field = ? ' +
      'GROUP BY term_id) g JOIN search_terms t ON t.id = g.term_id ORDER BY g.count DESC, t.value LIMIT ?';
    return this.statements.get(sql).all(termFieldCode(field), limit) as FacetValue[];
  }
}

function codeOf(field: FacetField): number {
  return field === 'year' ? YEAR_FIELD_CODE : termFieldCode(field);
}

/** Code-point order, as SQLite's BINARY collation compares UTF-8. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
