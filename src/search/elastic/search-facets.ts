import type { estypes } from '@elastic/elasticsearch';
import type { FacetField, FacetValue } from '../port';
import { asciiLower } from './document-source';
import { compareCodePoints } from './browse-keys';

/**
 * Facets as terms aggregations over the whole result (the query and the filters, as the embedded
 * index counts them: filters narrow the counts too). Values are counted as stored; case variants
 * of one value (`Book`, `book`) are merged here, since the embedded index counts them as one
 * term. Ties are ordered by value in code-point order. A few buckets beyond the limit are asked
 * for, so that merged variants and ties at the cut still land right.
 */
type Aggregation = estypes.AggregationsAggregationContainer;

const EXTRA_BUCKETS = 20;

export function facetAggregations(
  facets: readonly { field: FacetField; limit: number }[],
): Record<string, Aggregation> {
  const aggs: Record<string, Aggregation> = {};
  for (const { field, limit } of facets) {
    const terms = (name: string): Aggregation => ({
      terms: { field: name, size: limit + EXTRA_BUCKETS, order: [{ _count: 'desc' }, { _key: 'asc' }] },
    });
    // Year 0 and negative years are placeholders, not years (the embedded index skips them too).
    aggs[field] =
      field === 'year'
        ? { filter: { range: { year: { gt: 0 } } }, aggs: { values: terms('year') } }
        : terms(`facet.${field}`);
  }
  return aggs;
}

interface Bucket {
  key: string | number;
  doc_count: number;
}
interface TermsResult {
  buckets?: Bucket[];
  values?: { buckets?: Bucket[] };
}

export function readFacets(
  facets: readonly { field: FacetField; limit: number }[],
  aggregations: Record<string, unknown> | undefined,
): Partial<Record<FacetField, FacetValue[]>> {
  const out: Partial<Record<FacetField, FacetValue[]>> = {};
  for (const { field, limit } of facets) {
    const result = aggregations?.[field] as TermsResult | undefined;
    const buckets = (field === 'year' ? result?.values?.buckets : result?.buckets) ?? [];
    out[field] = mergeVariants(buckets)
      .sort((a, b) => b.count - a.count || compareCodePoints(a.value, b.value))
      .slice(0, limit);
  }
  return out;
}

/** One value per ASCII-case-insensitive spelling: counts added, the most counted spelling shown. */
function mergeVariants(buckets: Bucket[]): FacetValue[] {
  const merged = new Map<string, { value: string; count: number; best: number }>();
  for (const bucket of buckets) {
    const value = String(bucket.key);
    const key = asciiLower(value);
    const seen = merged.get(key);
    if (!seen) merged.set(key, { value, count: bucket.doc_count, best: bucket.doc_count });
    else {
      seen.count += bucket.doc_count;
      if (bucket.doc_count > seen.best) Object.assign(seen, { value, best: bucket.doc_count });
    }
  }
  return [...merged.values()].map(({ value, count }) => ({ value, count }));
}
