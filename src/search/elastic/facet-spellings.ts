import type { Client, estypes } from '@elastic/elasticsearch';
import type { FacetField } from '../port';
import { asciiLower } from './document-source';
import { engineCall } from './engine-errors';

/**
 * How a facet value is spelt. Facets count by the ASCII-case-folded key (`book`), so the value a
 * reader sees must be looked up: the spelling most records carry (`Book`; ties by code-point
 * order). A sub-aggregation per facet bucket would repeat that on every search and cost several
 * times the facet itself, so spellings are asked for once, for the keys not yet known, and kept
 * (a bounded map, emptied when this adapter writes). Keys without ASCII letters are their own
 * spelling. Each key is looked up among its own records only (a filter aggregation): a record's
 * other values of the field are counted too, and a key's spellings are among the most frequent
 * values there unless a record carries more than SPELLINGS_READ values of the field.
 */
const MAX_KEPT = 50_000;
const SPELLINGS_READ = 50;
/** Keys per look-up request (each is a filter aggregation with its buckets). */
const KEYS_PER_REQUEST = 200;

export class FacetSpellings {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  forget(): void {
    this.known.clear();
  }

  /** Spellings of these keys, by field; looks up the ones not known yet. */
  async spell(
    keys: ReadonlyMap<FacetField, readonly string[]>,
    signal?: AbortSignal,
  ): Promise<(field: FacetField, key: string) => string> {
    const spelt = new Map<string, string>();
    const missing: { field: FacetField; key: string }[] = [];
    for (const [field, list] of keys) {
      for (const key of list) {
        const known = needsLookup(key) ? this.known.get(entry(field, key)) : key;
        if (known === undefined) missing.push({ field, key });
        else spelt.set(entry(field, key), known);
      }
    }
    const requests: Promise<void>[] = [];
    for (let at = 0; at < missing.length; at += KEYS_PER_REQUEST) {
      requests.push(this.lookUp(missing.slice(at, at + KEYS_PER_REQUEST), spelt, signal));
    }
    await Promise.all(requests);
    return (field, key) => spelt.get(entry(field, key)) ?? key;
  }

  private async lookUp(
    wanted: { field: FacetField; key: string }[],
    spelt: Map<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
    wanted.forEach(({ field, key }, i) => {
      aggs[String(i)] = {
        filter: { term: { [`facet.${field}.key`]: key } },
        aggs: { spellings: { terms: { field: `facet.${field}`, size: SPELLINGS_READ } } },
      };
    });
    const byField = new Map<FacetField, string[]>();
    for (const { field, key } of wanted) byField.set(field, [...(byField.get(field) ?? []), key]);
    const should = [...byField].map(([field, keys]) => ({ terms: { [`facet.${field}.key`]: keys } }));
    const response = await engineCall(this.index, () =>
      this.client.search(
        {
          index: this.index,
          size: 0,
          track_total_hits: false,
          query: { bool: { should } },
          aggs,
        },
        { signal },
      ),
    );
    wanted.forEach(({ field, key }, i) => {
      const result = response.aggregations?.[String(i)] as
        { spellings?: { buckets?: { key: string }[] } } | undefined;
      // Most frequent first (ties by code point): the first spelling of the key is the one kept.
      const spelling = result?.spellings?.buckets?.find((b) => asciiLower(b.key) === key)?.key;
      // A key that no record spells any more (deleted meanwhile) is shown as it is.
      spelt.set(entry(field, key), spelling ?? key);
      this.keep(entry(field, key), spelling ?? key);
    });
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

function needsLookup(key: string): boolean {
  return /[a-z]/.test(key);
}
