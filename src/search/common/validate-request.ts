import { AppError } from '../../errors/app-error';
import {
  isFacetField,
  SORT_KEYS,
  type BrowseRequest,
  type FacetField,
  type Filter,
  type SearchRequest,
  type SortKey,
} from '../port';

/**
 * Request checks every adapter makes the same way (limits, offsets, fields), with codes per
 * parameter and messages that name the bad value. Nothing here is SQLite-specific.
 */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;
export const DEFAULT_FACET_LIMIT = 10;
export const MAX_FACET_LIMIT = 1_000;
export const DEFAULT_BROWSE_AFTER = 20;
export const MAX_BROWSE = 100;

export interface ValidSearch {
  sort: SortKey;
  limit: number;
  offset: number;
  facets: { field: FacetField; limit: number }[];
  filters: Filter[];
}

export function validateSearch(request: SearchRequest): ValidSearch {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new AppError(
      'invalid_search_limit',
      `limit must be an integer from 1 to ${MAX_LIMIT}, not ${String(limit)}`,
      {
        limit,
      },
    );
  }
  const offset = request.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
    throw new AppError(
      'invalid_search_offset',
      `offset must be an integer from 0 to ${MAX_OFFSET}, not ${String(offset)}; use the cursor to page deeper`,
      { offset },
    );
  }
  const sort = request.sort ?? 'relevance';
  if (!SORT_KEYS.includes(sort)) {
    throw new AppError(
      'invalid_search_sort',
      `unknown sort "${String(sort)}"; use one of ${SORT_KEYS.join(', ')}`,
      {
        sort,
      },
    );
  }
  validateYears(request.years);
  return {
    sort,
    limit,
    offset,
    facets: validateFacets(request),
    filters: validateFilters(request.filters ?? []),
  };
}

function validateFacets(request: SearchRequest): { field: FacetField; limit: number }[] {
  return (request.facets ?? []).map(({ field, limit }) => {
    if (!isFacetField(field)) {
      throw new AppError('invalid_search_facet', `"${String(field)}" is not a facet field`, { field });
    }
    const max = limit ?? DEFAULT_FACET_LIMIT;
    if (!Number.isInteger(max) || max < 1 || max > MAX_FACET_LIMIT) {
      throw new AppError(
        'invalid_search_facet',
        `the ${field} facet limit must be an integer from 1 to ${MAX_FACET_LIMIT}, not ${String(max)}`,
        { field, limit: max },
      );
    }
    return { field, limit: max };
  });
}

function validateFilters(filters: Filter[]): Filter[] {
  for (const filter of filters) {
    if (!isFacetField(filter.field)) {
      throw new AppError('invalid_search_facet', `cannot filter on "${String(filter.field)}"`, {
        field: filter.field,
      });
    }
  }
  // A filter with no values says nothing; it does not empty the result.
  return filters.filter((f) => f.values.length > 0);
}

function validateYears(years: SearchRequest['years']): void {
  for (const [name, value] of Object.entries(years ?? {})) {
    if (value !== undefined && !Number.isInteger(value)) {
      throw new AppError('invalid_search_query', `years.${name} must be a whole year, not ${String(value)}`, {
        [name]: value,
      });
    }
  }
}

export function validateBrowse(request: BrowseRequest): { before: number; after: number } {
  const before = request.before ?? 0;
  const after = request.after ?? DEFAULT_BROWSE_AFTER;
  for (const [name, value] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_BROWSE) {
      throw new AppError(
        'invalid_browse_limit',
        `${name} must be an integer from 0 to ${MAX_BROWSE}, not ${String(value)}`,
        {
          [name]: value,
        },
      );
    }
  }
  return { before, after };
}
