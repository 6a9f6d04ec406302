import type { RequestHandler, Response } from 'express';
import { AppError } from '../../errors/app-error';
import type { FacetField, Filter, SortKey } from '../../search/port';
import type { SearchParams, SearchService } from '../../services/search.service';
import type { components } from '../openapi.generated';
import { bodyOf, queryOf, type RouteKit } from './route-kit';

type SearchBody = components['schemas']['SearchBody'];
type SearchResult = components['schemas']['SearchResult'];

/** GET /search and POST /search: the same parameters, from the query string or a JSON body. */
export function searchRoutes(kit: RouteKit, search: SearchService, parseJson: RequestHandler): void {
  kit.add('searchGet', async (_req, res) => {
    const q = queryOf(res, 'searchGet');
    send(res, await search.search(paramsFrom({ ...q, filter: filtersFromText(q.filter ?? []) })));
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
