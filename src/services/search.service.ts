import type { QueryNode } from '../search/query/ast';
import { parseQuery } from '../search/query/parser';
import { printQuery } from '../search/query/print';
import type {
  BrowseIndex,
  BrowseResponse,
  FacetField,
  FacetValue,
  Filter,
  Hit,
  SearchIndex,
  SearchRequest,
  SortKey,
} from '../search/port';

/** Search parameters as a client gives them (HTTP query or body, CLI flags), before parsing. */
export interface SearchParams {
  q?: string;
  /** A query already parsed by another language (CQL, src/interop); then `q` is not read. */
  query?: QueryNode;
  filters?: Filter[];
  years?: { from?: number; to?: number };
  facets?: FacetField[];
  facetLimit?: number;
  sort?: SortKey;
  offset?: number;
  limit?: number;
  cursor?: string;
  highlight?: boolean;
}

/** The search answer exactly as the HTTP API returns it (and `stacks search --json` prints it). */
export interface SearchResult {
  /** The query as understood, in canonical form ("" for all records). */
  query: string;
  total: number;
  offset: number;
  limit: number;
  /** Milliseconds spent in the index. */
  took: number;
  hits: Hit[];
  facets: Partial<Record<FacetField, FacetValue[]>>;
  nextCursor?: string;
}

export interface BrowseParams {
  index: BrowseIndex;
  from: string;
  before?: number;
  after?: number;
  scheme?: 'lc' | 'dewey';
}

export type BrowseResult = BrowseResponse & { index: BrowseIndex; from: string };

export const DEFAULT_LIMIT = 20;

/**
 * Catalog search and browse, one use case for every client: parses the query language, asks the
 * index, and shapes the answer. Validation of limits, offsets, cursors and facets is the index
 * port's contract, so every adapter rejects the same bad values with the same codes.
 */
export class SearchService {
  constructor(private readonly index: SearchIndex) {}

  async search(params: SearchParams): Promise<SearchResult> {
    const query = params.query ?? parseQuery(params.q ?? '');
    const request: SearchRequest = {
      filters: params.filters ?? [],
      facets: (params.facets ?? []).map((field) => ({ field, limit: params.facetLimit })),
      sort: params.sort ?? 'relevance',
      offset: params.offset ?? 0,
      limit: params.limit ?? DEFAULT_LIMIT,
      highlight: params.highlight ?? false,
    };
    if (query) request.query = query;
    if (params.years) request.years = params.years;
    if (params.cursor) request.cursor = params.cursor;
    const started = process.hrtime.bigint();
    const response = await this.index.search(request);
    const took = Number(process.hrtime.bigint() - started) / 1e6;
    const result: SearchResult = {
      query: printQuery(query),
      total: response.total,
      offset: request.offset ?? 0,
      limit: request.limit ?? DEFAULT_LIMIT,
      took: Math.round(took * 10) / 10,
      hits: response.hits,
      facets: response.facets,
    };
    if (response.nextCursor) result.nextCursor = response.nextCursor;
    return result;
  }

  async browse(params: BrowseParams): Promise<BrowseResult> {
    const response = await this.index.browse({
      ...params,
      before: params.before ?? 5,
      after: params.after ?? 15,
    });
    return { index: params.index, from: params.from, ...response };
  }
}
