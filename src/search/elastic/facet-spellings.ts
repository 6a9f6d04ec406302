import type { Client, estypes } from '@elastic/elasticsearch';
import type { FacetField } from '../port';
import { escapeRegexp } from './compile-query';
import { asciiLower } from './document-source';
import { engineCall } from './engine-errors';

/**
 * How a facet value is spelt. Facets count by the ASCII-case-folded key (`book`), so the value a
 * reader sees must be looked up: the spelling most records carry (`Book`; ties by code-point
 * order). A sub-aggregation per bucket would repeat the lookup on every search and cost several
 * times the facet itself, so spellings are asked for once, for the keys not yet known, and kept
 * (a bounded map, emptied when this adapter writes). Keys without ASCII letters are their own
 * spelling.
 */
const MAX_KEPT = 50_000;
/** The engine refuses a regexp over 1,000 characters (index.max_regex_length). */
const MAX_REGEXP_LENGTH = 1_000;
/** Keys whose pattern alone would pass that (about 4 characters a letter) are shown as keys. */
const MAX_LOOKUP_LENGTH = 200;

export class FacetSpellings {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  forget(): void {
    this.known.clear();
  }

  /** Spellings of these keys, by field; looks up the ones not known yet in one request. */
  async spell(
    keys: ReadonlyMap<FacetField, readonly string[]>,
  ): Promise<(field: FacetField, key: string) => string> {
    const missing = new Map<FacetField, string[]>();
    for (const [field, list] of keys) {
      const unknown = list.filter((k) => needsLookup(k) && !this.known.has(entry(field, k)));
      if (unknown.length > 0) missing.set(field, unknown);
    }
    if (missing.size > 0) await this.lookUp(missing);
    return (field, key) => this.known.get(entry(field, key)) ?? key;
  }

  private async lookUp(missing: Map<FacetField, string[]>): Promise<void> {
    const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
    const should: estypes.QueryDslQueryContainer[] = [];
    for (const [field, keys] of missing) {
      should.push({ terms: { [`facet.${field}.key`]: keys } });
      patternGroups(keys).forEach((group, i) => {
        aggs[`${field}_${i}`] = {
          terms: {
            field: `facet.${field}`,
            include: group.join('|'),
            size: group.length * 10,
            order: [{ _count: 'desc' }, { _key: 'asc' }],
          },
        };
      });
    }
    const response = await engineCall(this.index, () =>
      this.client.search({
        index: this.index,
        size: 0,
        track_total_hits: false,
        query: { bool: { should } },
        aggs,
      }),
    );
    for (const [name, result] of Object.entries(response.aggregations ?? {})) {
      const field = name.slice(0, name.lastIndexOf('_')) as FacetField;
      // Most frequent first: the first spelling seen of a key is the one kept.
      const buckets = (result as { buckets?: { key: string }[] }).buckets ?? [];
      for (const { key } of buckets) this.keep(entry(field, asciiLower(key)), key);
    }
    // A key that no record spells any more (deleted meanwhile) is shown as it is.
    for (const [field, keys] of missing) for (const key of keys) this.keep(entry(field, key), key);
  }

  private keep(name: string, spelling: string): void {
    if (this.known.has(name)) return;
    if (this.known.size >= MAX_KEPT) this.known.delete(this.known.keys().next().value as string);
    this.known.set(name, spelling);
  }
}

function entry(field: FacetField, key: string): string {
  return `${field}\u0000${key}`;
}

/** Case-blind patterns of the keys, grouped so no regexp passes the engine's length limit. */
function patternGroups(keys: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let length = 0;
  for (const pattern of keys.map(anyAsciiCase)) {
    if (group.length > 0 && length + pattern.length + 1 > MAX_REGEXP_LENGTH) {
      groups.push(group);
      group = [];
      length = 0;
    }
    group.push(pattern);
    length += pattern.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function needsLookup(key: string): boolean {
  return /[a-z]/.test(key) && key.length <= MAX_LOOKUP_LENGTH;
}

/** A Lucene regexp matching the key in any ASCII case: `book` → `[bB][oO][oO][kK]`. */
export function anyAsciiCase(key: string): string {
  return escapeRegexp(key).replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}
