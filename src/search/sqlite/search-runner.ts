import type { Database } from 'better-sqlite3';
import type { QueryNode } from '../query/ast';
import type { Hit, SearchRequest, SearchResponse } from '../port';
import { compileQuery, yearRange, type SqlPart } from './compile-query';
import { decodeCursor, encodeCursor } from './cursor';
import type { HighlightTexts, HitDisplay } from './document-rows';
import { facetFieldCode } from './facet-codes';
import { FacetCounter } from './facets';
import { highlightTerms, highlightTexts } from './highlight';
import { identifierCandidates, type IdentifierRow } from './identifier-forms';
import { FTS_COLUMNS, FTS_WEIGHTS } from './schema';
import { afterCursor, orderBy, sortSpec } from './sort';
import { StatementCache } from './statement-cache';
import { validateSearch, type ValidSearch } from './validate-request';

/**
 * One search: the matching rowids (with their rank) are materialised once into a temp table, then
 * the total, the page and every facet are read from it, so the FTS match runs once however many
 * facets are asked for. A request with no query and no filter skips that and reads search_docs.
 */
const BM25 = `bm25(fts_docs, ${FTS_COLUMNS.map((c) => FTS_WEIGHTS[c]).join(', ')})`;
/** Identifier matches rank ahead of any bm25 score (bm25 is negative, best lowest). */
const IDENTIFIER_RANK = -1_000_000;
const ALL_DOCS = '(SELECT rowid, 0 AS rank FROM search_docs)';

interface PageRow {
  id: string;
  display: string;
  texts: string;
  rank: number;
  k: string | number;
}

export class SearchRunner {
  private readonly facets: FacetCounter;

  constructor(
    private readonly db: Database,
    private readonly statements: StatementCache,
    generation: () => number,
  ) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rowid INTEGER PRIMARY KEY, rank REAL NOT NULL)');
    this.facets = new FacetCounter(db, statements, generation);
  }

  run(request: SearchRequest): SearchResponse {
    const valid = validateSearch(request);
    const restrictions = this.restrictions(request, valid);
    const unrestricted = request.query === undefined && restrictions.length === 0;
    const source = unrestricted ? ALL_DOCS : 'temp.search_hits';
    if (!unrestricted) this.collect(request.query, restrictions, valid);
    const total = (this.statements.get(`SELECT count(*) AS n FROM ${source}`).get() as { n: number }).n;
    const { hits, nextCursor } = this.page(request, valid, source);
    const facets = this.facets.count(valid.facets, unrestricted);
    return nextCursor === undefined ? { total, hits, facets } : { total, hits, facets, nextCursor };
  }

  /** Filter and year conditions on `d`. */
  private restrictions(request: SearchRequest, valid: ValidSearch): SqlPart[] {
    const parts: SqlPart[] = valid.filters.map((filter) => {
      const code = facetFieldCode(filter.field);
      const marks = filter.values.map(() => '?').join(', ');
      return {
        sql:
          `d.rowid IN (SELECT doc_rowid FROM search_facets WHERE field = ? AND value_id IN ` +
          `(SELECT id FROM search_facet_values WHERE field = ? AND value IN (${marks})))`,
        params: [code, code, ...filter.values],
      };
    });
    const years = request.years;
    if (years && (years.from !== undefined || years.to !== undefined)) {
      const [sql, params] = yearRange(years.from, years.to);
      parts.push({ sql, params });
    }
    return parts;
  }

  /** Fills temp.search_hits: identifier matches first (rank far ahead), then the query's matches. */
  private collect(query: QueryNode | undefined, restrictions: SqlPart[], valid: ValidSearch): void {
    this.statements.get('DELETE FROM temp.search_hits').run();
    const compiled = compileQuery(query);
    const identifiers = valid.sort === 'relevance' ? identifierCandidates(plainText(query) ?? '') : [];
    if (identifiers.length > 0) this.collectIdentifiers(identifiers, restrictions);
    if (compiled.none) return;
    const where = [...compiled.where, ...restrictions];
    const conditions = where.map((p) => `(${p.sql})`).join(' AND ');
    const params = where.flatMap((p) => p.params);
    if (compiled.match !== undefined) {
      const from =
        where.length === 0
          ? 'fts_docs WHERE fts_docs MATCH ?'
          : `fts_docs JOIN search_docs d ON d.rowid = fts_docs.rowid WHERE fts_docs MATCH ? AND ${conditions}`;
      const sql = `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT fts_docs.rowid, ${BM25} FROM ${from}`;
      this.statements.get(sql).run(compiled.match, ...params);
    } else {
      const sql = `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT d.rowid, 0 FROM search_docs d WHERE ${conditions || '1'}`;
      this.statements.get(sql).run(...params);
    }
  }

  private collectIdentifiers(identifiers: IdentifierRow[], restrictions: SqlPart[]): void {
    const pairs = identifiers.map(() => '(kind = ? AND value = ?)').join(' OR ');
    const extra = restrictions.map((p) => ` AND (${p.sql})`).join('');
    const sql =
      `INSERT OR IGNORE INTO temp.search_hits(rowid, rank) SELECT d.rowid, ${IDENTIFIER_RANK} FROM search_docs d ` +
      `WHERE d.rowid IN (SELECT doc_rowid FROM search_identifiers WHERE ${pairs})${extra}`;
    const params = [
      ...identifiers.flatMap((i) => [i.kind, i.value]),
      ...restrictions.flatMap((p) => p.params),
    ];
    this.statements.get(sql).run(...params);
  }

  private page(
    request: SearchRequest,
    valid: ValidSearch,
    source: string,
  ): { hits: Hit[]; nextCursor?: string } {
    const spec = sortSpec(valid.sort);
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, valid.sort);
    const sql =
      `SELECT d.id, d.display, d.texts, h.rank, ${spec.expr} AS k FROM ${source} h ` +
      `JOIN search_docs d ON d.rowid = h.rowid ${cursor ? `WHERE ${afterCursor(spec)}` : ''} ` +
      `ORDER BY ${orderBy(spec)} LIMIT ? OFFSET ?`;
    const params = cursor ? [cursor.value, cursor.id] : [];
    const offset = cursor ? 0 : valid.offset;
    const rows = this.statements.get(sql).all(...params, valid.limit + 1, offset) as PageRow[];
    const page = rows.slice(0, valid.limit);
    const terms = request.highlight ? highlightTerms(request.query) : [];
    const hits = page.map((row) => toHit(row, request.highlight ? terms : undefined));
    const last = page[page.length - 1];
    if (rows.length <= valid.limit || !last) return { hits };
    return { hits, nextCursor: encodeCursor({ sort: valid.sort, value: last.k, id: last.id }) };
  }
}

function toHit(row: PageRow, terms: ReturnType<typeof highlightTerms> | undefined): Hit {
  const display = JSON.parse(row.display) as HitDisplay;
  const hit: Hit = { ...display, score: row.rank === 0 ? 0 : -row.rank };
  if (terms) hit.highlight = highlightTexts(JSON.parse(row.texts) as HighlightTexts, terms);
  return hit;
}

/** The text of a query that is only plain words (no fields, no operators but AND), else undefined. */
export function plainText(node: QueryNode | undefined): string | undefined {
  if (!node) return undefined;
  if ((node.type === 'term' || node.type === 'phrase') && node.field === undefined) return node.value;
  if (node.type !== 'and') return undefined;
  const parts = node.children.map(plainText);
  return parts.every((p) => p !== undefined) ? parts.join(' ') : undefined;
}
