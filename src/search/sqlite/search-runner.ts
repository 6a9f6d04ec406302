import type { Database } from 'better-sqlite3';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { QueryNode } from '../query/ast';
import type { Hit, SearchRequest, SearchResponse } from '../port';
import { compileQuery, postingsCondition, yearRange, type SqlPart } from './compile-query';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { HighlightTexts, HitDisplay } from '../common/hit-display';
import { FacetCounter } from './facets';
import { IndexVersion } from './index-version';
import { highlightTerms, highlightTexts, type HighlightTerm } from '../common/highlight';
import { identifierCandidates } from '../common/identifier-forms';
import { plainText } from '../common/query-text';
import { readPage, type PageRequest, type PageRow } from './page';
import { FTS_COLUMNS, FTS_WEIGHTS } from './schema';
import { StatementCache } from '../../connections/sqlite-kit/statement-cache';
import { termId } from './term-fields';
import { validateSearch, type ValidSearch } from '../common/validate-request';

/**
 * One search: the matching rowids (with their rank) are materialised once into a temp table, then
 * the total, the page and every facet are read from it, so the FTS match runs once however many
 * facets are asked for. A request with no query and no filter skips that and reads search_docs.
 */
const BM25 = `bm25(fts_docs, ${FTS_COLUMNS.map((c) => FTS_WEIGHTS[c]).join(', ')})`;
/** Identifier matches rank ahead of any bm25 score (bm25 is negative, best lowest). */
const IDENTIFIER_RANK = -1_000_000;

export class SearchRunner {
  private readonly facets: FacetCounter;
  private readonly version: IndexVersion;

  constructor(
    db: Database,
    private readonly statements: StatementCache,
    generation: () => number,
    facetHitsPerChunk?: number,
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rowid INTEGER PRIMARY KEY, rank REAL NOT NULL)');
    this.version = new IndexVersion(db, generation);
    this.facets = new FacetCounter(statements, this.version, facetHitsPerChunk);
  }

  run(request: SearchRequest): SearchResponse {
    const valid = validateSearch(request);
    const restrictions = this.restrictions(request, valid);
    const unrestricted = request.query === undefined && restrictions.length === 0;
    const ranks = unrestricted ? 'uniform' : this.collect(request.query, restrictions, valid);
    const count = (table: string) =>
      this.statements.get(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const total = unrestricted
      ? this.version.cached('total', () => count('search_docs'))
      : count('temp.search_hits');
    const documents = this.statements.get('SELECT max(rowid) FROM search_docs').pluck().get() as
      number | null;
    const density = documents ? total / documents : 1;
    const { hits, nextCursor } = this.page(request, valid, { restricted: !unrestricted, ranks, density });
    const facets = this.facets.count(valid.facets, unrestricted);
    return nextCursor === undefined ? { total, hits, facets } : { total, hits, facets, nextCursor };
  }

  /** Filter and year conditions on `d`. */
  private restrictions(request: SearchRequest, valid: ValidSearch): SqlPart[] {
    const parts: SqlPart[] = valid.filters.map((filter) => {
      if (filter.field === 'year') {
        return {
          sql: `d.year IN (${filter.values.map(() => '?').join(', ')})`,
          params: filter.values.map(Number),
        };
      }
      const field = filter.field;
      return postingsCondition(
        field,
        filter.values.map((v) => termId(field, v.trim())),
      );
    });
    const years = request.years;
    if (years && (years.from !== undefined || years.to !== undefined)) {
      const [sql, params] = yearRange(years.from, years.to);
      parts.push({ sql, params });
    }
    return parts;
  }

  /**
   * Fills temp.search_hits: identifier matches first (rank far ahead), then the query's matches.
   * Says how the hits are ranked: bm25 scores (a text query), all alike, or identifier matches first.
   */
  private collect(
    query: QueryNode | undefined,
    restrictions: SqlPart[],
    valid: ValidSearch,
  ): PageRequest['ranks'] {
    this.statements.get('DELETE FROM temp.search_hits').run();
    const compiled = compileQuery(query);
    const identifiers = valid.sort === 'relevance' ? identifierCandidates(plainText(query) ?? '') : [];
    const found = identifiers.length > 0 && this.collectIdentifiers(identifiers, restrictions);
    if (compiled.none) return found ? 'mixed' : 'uniform';
    const driven = compiled.match !== undefined;
    const where = [...compiled.where, ...restrictions].map((p) => (driven && p.probe ? p.probe : p));
    const conditions = where.map((p) => `(${p.sql})`).join(' AND ');
    const params = where.flatMap((p) => p.params);
    if (compiled.match !== undefined) {
      const from =
        where.length === 0
          ? 'fts_docs WHERE fts_docs MATCH ?'
          : `fts_docs CROSS JOIN search_docs d ON d.rowid = fts_docs.rowid WHERE fts_docs MATCH ? AND ${conditions}`;
      const sql = `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT fts_docs.rowid, ${BM25} FROM ${from}`;
      this.statements.get(sql).run(compiled.match, ...params);
      return 'bm25';
    }
    const sql = `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT d.rowid, 0 FROM search_docs d WHERE ${conditions || '1'}`;
    this.statements.get(sql).run(...params);
    return found ? 'mixed' : 'uniform';
  }

  /** True when some record has one of the identifiers. */
  private collectIdentifiers(tokens: string[], restrictions: SqlPart[]): boolean {
    const match = `ids : (${tokens.map((t) => `"${t}"`).join(' OR ')})`;
    const probes = restrictions.map((p) => p.probe ?? p);
    const conditions = probes.map((p) => ` AND (${p.sql})`).join('');
    const sql =
      `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT fts_docs.rowid, ${IDENTIFIER_RANK} ` +
      `FROM fts_docs CROSS JOIN search_docs d ON d.rowid = fts_docs.rowid WHERE fts_docs MATCH ?${conditions}`;
    return this.statements.get(sql).run(match, ...probes.flatMap((p) => p.params)).changes > 0;
  }

  private page(
    request: SearchRequest,
    valid: ValidSearch,
    shape: Pick<PageRequest, 'restricted' | 'ranks' | 'density'>,
  ): { hits: Hit[]; nextCursor?: string } {
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, valid.sort);
    const rows = readPage(this.statements, {
      ...shape,
      sort: valid.sort,
      cursor,
      offset: valid.offset,
      count: valid.limit + 1,
    });
    const page = rows.slice(0, valid.limit);
    const stored = this.stored(page.map((r) => r.rowid));
    const terms = request.highlight ? highlightTerms(request.query) : undefined;
    const hits = page.map((row) => toHit(row, stored.get(row.rowid)!, terms));
    const last = page[page.length - 1];
    if (rows.length <= valid.limit || !last) return { hits };
    return { hits, nextCursor: encodeCursor({ sort: valid.sort, value: last.k, id: last.id }) };
  }

  private stored(rowids: number[]): Map<number, StoredHit> {
    const sql =
      'SELECT rowid, display, texts, availability FROM search_docs WHERE rowid IN (SELECT value FROM json_each(?))';
    const rows = this.statements.get(sql).all(JSON.stringify(rowids)) as (StoredHit & { rowid: number })[];
    return new Map(rows.map((r) => [r.rowid, r]));
  }
}

interface StoredHit {
  display: string;
  texts: string;
  /** The copies' summary JSON, stored beside the display: a hit carries it without another read. */
  availability: string | null;
}

function toHit(row: PageRow, stored: StoredHit, terms: HighlightTerm[] | undefined): Hit {
  const display = JSON.parse(stored.display) as HitDisplay;
  const hit: Hit = { ...display, score: row.rank === 0 ? 0 : -row.rank };
  if (stored.availability !== null) hit.availability = JSON.parse(stored.availability) as AvailabilitySummary;
  if (terms) hit.highlight = highlightTexts(JSON.parse(stored.texts) as HighlightTexts, terms);
  return hit;
}
