import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../errors/app-error';
import {
  CITATION_MEDIA_TYPES,
  CITATION_PAGE_MAX,
  type CitationFormat,
} from '../../interop/citations/citation-formats';
import type { CitationService } from '../../interop/citations/citation.service';
import type { FacetField, Filter, SortKey } from '../../search/port';
import { DEFAULT_LIMIT, type SearchParams, type SearchService } from '../../services/search.service';
import { citationRepresentation } from '../presenters/citation.presenter';
import type { components } from '../openapi.generated';
import { acceptsIgnoringStyle, citationStyle } from './citation-style';
import { bodyOf, queryOf, type RouteKit } from './route-kit';

type SearchBody = components['schemas']['SearchBody'];
type SearchResult = components['schemas']['SearchResult'];

/**
 * GET /search and POST /search: the same parameters, from the query string or a JSON body. GET
 * also cites the page's hits as one file (`format`, or an Accept that prefers a citation type).
 */
export function searchRoutes(
  kit: RouteKit,
  search: SearchService,
  citations: CitationService,
  parseJson: RequestHandler,
): void {
  kit.add('searchGet', async (req, res) => {
    const q = queryOf(res, 'searchGet');
    const format = pageFormat(req, q.format);
    const style = format === 'citation' ? citationStyle(req, q.style) : undefined;
    if (format === 'citation') checkCitationLimit(q.limit);
    const result = await search.search(paramsFrom({ ...q, filter: filtersFromText(q.filter ?? []) }));
    res.setHeader('Vary', 'Accept');
    if (format === 'json') return send(res, result);
    const items = await citations.itemsOf(result.hits.map((h) => h.id));
    const { type, body } = citationRepresentation(items, format, style);
    res.type(type).send(body);
  });
  kit.add(
    'searchPost',
    async (_req, res) => {
      const body = bodyOf<SearchBody>(res);
      const filter = Array.isArray(body.filter)
        ? filtersFromText(body.filter)
        : filtersFromObject(body.filter ?? {});
      send(res, await search.search(paramsFrom({ ...body, filter })));
    },
    parseJson,
  );
}

function send(res: Response, result: SearchResult): void {
  res.json(result);
}

/**
 * `format` wins; else a citation type the Accept header prefers to JSON. An Accept that names
 * nothing offered still gets JSON, as before citations: a search never answers 406.
 */
function pageFormat(req: Request, format: CitationFormat | 'json' | undefined): CitationFormat | 'json' {
  if (format) return format;
  const types = Object.entries(CITATION_MEDIA_TYPES);
  const chosen = acceptsIgnoringStyle(req, ['application/json', ...types.map(([, t]) => t)]);
  return (types.find(([, t]) => t === chosen)?.[0] as CitationFormat | undefined) ?? 'json';
}

function checkCitationLimit(limit: number | undefined): void {
  const asked = limit ?? DEFAULT_LIMIT;
  if (asked <= CITATION_PAGE_MAX) return;
  throw new AppError(
    'invalid_search_limit',
    `format=citation pages hold at most ${CITATION_PAGE_MAX} hits, not ${asked}: formatting is slow; page with offset, or use ris, bibtex or csl-json`,
    { limit: asked, max: CITATION_PAGE_MAX },
  );
}

type Given = Omit<SearchBody, 'filter'> & { filter: Filter[] };

function paramsFrom(given: Given): SearchParams {
  const params: SearchParams = {
    q: given.q ?? '',
    filters: given.filter,
    facets: (given.facets ?? []) as FacetField[],
    sort: (given.sort ?? 'relevance') as SortKey,
    offset: given.offset,
    limit: given.limit,
    highlight: given.highlight ?? false,
  };
  if (given.facetLimit !== undefined) params.facetLimit = given.facetLimit;
  if (given.cursor !== undefined) params.cursor = given.cursor;
  if (given.yearFrom !== undefined || given.yearTo !== undefined) {
    if (given.yearFrom !== undefined && given.yearTo !== undefined && given.yearFrom > given.yearTo) {
      throw new AppError(
        'invalid_search_query',
        `yearFrom ${given.yearFrom} is after yearTo ${given.yearTo}`,
        {
          yearFrom: given.yearFrom,
          yearTo: given.yearTo,
        },
      );
    }
    params.years = { from: given.yearFrom, to: given.yearTo };
  }
  return params;
}

/** `format:Book` strings (the spec checked the field names), grouped by field. */
function filtersFromText(items: string[]): Filter[] {
  const byField = new Map<FacetField, string[]>();
  for (const item of items) {
    const colon = item.indexOf(':');
    const field = item.slice(0, colon) as FacetField;
    byField.set(field, [...(byField.get(field) ?? []), item.slice(colon + 1)]);
  }
  return [...byField].map(([field, values]) => ({ field, values }));
}

function filtersFromObject(map: Record<string, string[] | undefined>): Filter[] {
  return Object.entries(map).map(([field, values]) => ({ field: field as FacetField, values: values ?? [] }));
}
