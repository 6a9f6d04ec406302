import type { estypes } from '@elastic/elasticsearch';
import type { FacetField, FacetValue } from '../port';
import { compareCodePoints } from './browse-keys';

/**
 * Facets as terms aggregations over the whole result (the query and the filters, as the embedded
 * index counts them: filters narrow the counts too). Values are counted by their ASCII-case-folded
 * `.key`, as the embedded index counts `Book` and `book` as one term, so counts and the top values
 * are exact however a value is spelt across records; facet-spellings.ts says how a key is shown.
 * Ties are ordered by the shown value in code-point order; a few buckets beyond the limit are
 * asked for so that a tie at the cut still sorts right.
 */
type Aggregation = estypes.AggregationsAggregationContainer;
type Wanted = readonly { field: FacetField; limit: number }[];

const EXTRA_BUCKETS = 20;

export function facetAggregations(facets: Wanted): Record<string, Aggregation> {
  const aggs: Record<string, Aggregation> = {};
  for (const { field, limit } of facets) {
    const terms = (name: string): Aggregation => ({
      terms: { field: name, size: limit + EXTRA_BUCKETS, order: [{ _count: 'desc' }, { _key: 'asc' }] },
    });
    // Year 0 and negative years are placeholders, not years (the embedded index skips them too).
    aggs[field] =
      field === 'year'
        ? { filter: { range: { year: { gt: 0 } } }, aggs: { values: terms('year') } }
        : terms(`facet.${field}.key`);
  }
  return aggs;
}

export interface FacetBucket {
  key: string;
  count: number;
}

interface TermsResult {
  buckets?: { key: string | number; doc_count: number }[];
  values?: { buckets?: { key: string | number; doc_count: number }[] };
}

/** The buckets of each facet, keys as text; the keys of keyword facets are their folded keys. */
export function facetBuckets(
  facets: Wanted,
  aggregations: Record<string, unknown> | undefined,
): Map<FacetField, FacetBucket[]> {
  const out = new Map<FacetField, FacetBucket[]>();
  for (const { field } of facets) {
    const result = aggregations?.[field] as TermsResult | undefined;
    const buckets = (field === 'year' ? result?.values?.buckets : result?.buckets) ?? [];
    out.set(
      field,
      buckets.map((b) => ({ key: String(b.key), count: b.doc_count })),
    );
  }
  return out;
}

export function facetValues(
  facets: Wanted,
  buckets: ReadonlyMap<FacetField, FacetBucket[]>,
  spell: (field: FacetField, key: string) => string,
): Partial<Record<FacetField, FacetValue[]>> {
  const out: Partial<Record<FacetField, FacetValue[]>> = {};
  for (const { field, limit } of facets) {
    out[field] = (buckets.get(field) ?? [])
      .map((b) => ({ value: field === 'year' ? b.key : spell(field, b.key), count: b.count }))
      .sort((a, b) => b.count - a.count || compareCodePoints(a.value, b.value))
      .slice(0, limit);
  }
  return out;
}
