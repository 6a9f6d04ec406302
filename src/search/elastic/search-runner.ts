import type { Client, estypes } from '@elastic/elasticsearch';
import type { Filter, Hit, SearchRequest, SearchResponse } from '../port';
import { decodeCursor, encodeCursor, type CursorState } from '../common/cursor';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { HighlightTexts, HitDisplay } from '../common/hit-display';
import { highlightTerms, highlightTexts, type HighlightTerm } from '../common/highlight';
import { identifierCandidates } from '../common/identifier-forms';
import { plainText } from '../common/query-text';
import { validateSearch, type ValidSearch } from '../common/validate-request';
import { compileQuery, MATCH_ALL, MATCH_NONE, yearRange, type Query } from './compile-query';
import { engineCall } from './engine-errors';
import { FacetSpellings } from './facet-spellings';
import { facetAggregations, facetBuckets, facetValues } from './search-facets';
import { sortClauses } from './search-sort';

/**
 * One search is one request: the compiled query with filters in filter context, sort with an id
 * tie-break, from/size or search_after, exact total, facet aggregations. Request checks, cursors,
 * identifier recognition and highlighting are the functions the embedded adapter uses too
 * (search/common), so both answer alike. The page asks one hit more than the limit, to know
 * whether a cursor follows.
 */
const IDENTIFIER_BOOST = 1_000_000;

interface StoredHit {
  display: HitDisplay;
  availability?: AvailabilitySummary | null;
  texts?: HighlightTexts;
}

export class SearchRunner {
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly spellings: FacetSpellings,
  ) {}

  /** `signal` aborts the engine's requests (the read's time budget). */
  async run(request: SearchRequest, signal?: AbortSignal): Promise<SearchResponse> {
    const valid = validateSearch(request);
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, valid.sort);
    const response = await engineCall(this.index, () =>
      this.client.search<StoredHit>(searchBody(this.index, request, valid, cursor), { signal }),
    );
    const rows = response.hits.hits;
    const page = rows.slice(0, valid.limit);
    const terms = request.highlight ? highlightTerms(request.query) : undefined;
    const total = response.hits.total;
    const out: SearchResponse = {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: page.map((row) => toHit(row, terms)),
      facets: await this.facets(valid, response.aggregations as Record<string, unknown> | undefined, signal),
    };
    const last = page[page.length - 1];
    if (rows.length > valid.limit && last) out.nextCursor = encodeCursor(cursorAt(valid, last));
    return out;
  }

  private async facets(
    valid: ValidSearch,
    aggregations: Record<string, unknown> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<SearchResponse['facets']> {
    const buckets = facetBuckets(valid.facets, aggregations);
    const keys = new Map(
      [...buckets].filter(([f]) => f !== 'year').map(([f, list]) => [f, list.map((b) => b.key)]),
    );
    return facetValues(valid.facets, buckets, await this.spellings.spell(keys, signal));
  }
}

function searchBody(
  index: string,
  request: SearchRequest,
  valid: ValidSearch,
  cursor: CursorState | undefined,
): estypes.SearchRequest {
  return {
    index,
    query: searchQuery(request, valid),
    sort: sortClauses(valid.sort),
    size: valid.limit + 1,
    ...(cursor ? { search_after: [cursor.value, cursor.id] } : { from: valid.offset }),
    track_total_hits: true,
    // Scores for every sort, as the embedded index reports its rank whatever the order.
    track_scores: true,
    _source: {
      includes: request.highlight ? ['display', 'availability', 'texts'] : ['display', 'availability'],
    },
    ...(valid.facets.length > 0 && { aggs: facetAggregations(valid.facets) }),
  };
}

/**
 * The text query must match, or (relevance order only, as in the embedded index) the record
 * carries the identifier the whole plain query spells, which then ranks far ahead. Filters and
 * years narrow without scoring; with no text at all every hit scores 0.
 */
export function searchQuery(request: SearchRequest, valid: ValidSearch): Query {
  const filter = [...valid.filters.map(filterClause), ...yearsClause(request.years)];
  const text = request.query ? compileQuery(request.query) : undefined;
  const identifiers =
    valid.sort === 'relevance' && request.query ? identifierCandidates(plainText(request.query) ?? '') : [];
  const must =
    identifiers.length === 0
      ? text
      : {
          bool: {
            should: [
              text ?? MATCH_NONE,
              { constant_score: { filter: { terms: { ids: identifiers } }, boost: IDENTIFIER_BOOST } },
            ],
            minimum_should_match: 1,
          },
        };
  if (must === undefined) return { bool: { filter: filter.length > 0 ? filter : [MATCH_ALL] } };
  return { bool: { must: [must], ...(filter.length > 0 && { filter }) } };
}

/** Any of the values (ASCII case-insensitive, through the `.key` normaliser); years exactly. */
function filterClause(filter: Filter): Query {
  if (filter.field === 'year') {
    const years = filter.values.map((v) => Number(v.trim())).filter(Number.isInteger);
    return years.length > 0 ? { terms: { year: years } } : MATCH_NONE;
  }
  return { terms: { [`facet.${filter.field}.key`]: filter.values.map((v) => v.trim()) } };
}

function yearsClause(years: SearchRequest['years']): Query[] {
  if (!years || (years.from === undefined && years.to === undefined)) return [];
  return [yearRange(years.from, years.to)];
}

function toHit(row: estypes.SearchHit<StoredHit>, terms: HighlightTerm[] | undefined): Hit {
  const source = row._source as StoredHit;
  const hit: Hit = { ...source.display, score: row._score ?? 0 };
  if (source.availability) hit.availability = source.availability;
  if (terms) hit.highlight = highlightTexts(source.texts ?? {}, terms);
  return hit;
}

function cursorAt(valid: ValidSearch, row: estypes.SearchHit<StoredHit>): CursorState {
  const [value, id] = row.sort ?? [];
  return {
    sort: valid.sort,
    value: typeof value === 'number' || typeof value === 'string' ? value : 0,
    id: typeof id === 'string' ? id : (row._id ?? ''),
  };
}
