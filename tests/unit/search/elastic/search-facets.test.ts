import type { Client } from '@elastic/elasticsearch';
import {
  compareCodePoints,
  decodeBrowseKey,
  encodeBrowseKey,
} from '../../../../src/search/elastic/browse-keys';
import { FacetSpellings } from '../../../../src/search/elastic/facet-spellings';
import { facetBuckets, facetValues } from '../../../../src/search/elastic/search-facets';

describe('facet values', () => {
  it('when buckets are keyed by folded case, then values are spelt and ties ordered by the spelling', () => {
    const wanted = [{ field: 'topic' as const, limit: 2 }];
    const buckets = facetBuckets(wanted, {
      topic: {
        buckets: [
          { key: 'zoology', doc_count: 7 },
          { key: 'atlas', doc_count: 7 },
          { key: 'maps', doc_count: 4 },
        ],
      },
    });
    const spell = (_field: string, key: string) => (key === 'zoology' ? 'Zoology' : key);
    expect(facetValues(wanted, buckets, spell).topic).toEqual([
      { value: 'Zoology', count: 7 },
      { value: 'atlas', count: 7 },
    ]);
  });

  it('when years are counted, then they come from the filtered sub-aggregation as text', () => {
    const wanted = [{ field: 'year' as const, limit: 5 }];
    const buckets = facetBuckets(wanted, { year: { values: { buckets: [{ key: 1990, doc_count: 1 }] } } });
    expect(facetValues(wanted, buckets, () => 'never').year).toEqual([{ value: '1990', count: 1 }]);
  });
});

describe('FacetSpellings', () => {
  function fakeClient(spellings: Record<string, string[]>) {
    const requests: { aggs: Record<string, { filter: { term: Record<string, string> } }> }[] = [];
    const client = {
      search: async (request: (typeof requests)[number]) => {
        requests.push(request);
        const aggregations = Object.fromEntries(
          Object.entries(request.aggs).map(([name, agg]) => {
            const key = Object.values(agg.filter.term)[0] as string;
            return [name, { spellings: { buckets: (spellings[key] ?? []).map((k) => ({ key: k })) } }];
          }),
        );
        return { aggregations };
      },
    } as unknown as Client;
    return { client, requests };
  }

  it('when keys are spelt, then the most frequent spelling of the key wins and is looked up once', async () => {
    const { client, requests } = fakeClient({
      "c. scribner's sons": ['History', "C. Scribner's Sons", "C. Scribner's sons"],
    });
    const spellings = new FacetSpellings(client, 'stacks');
    const keys = new Map([['publisher' as const, ["c. scribner's sons", '1984', 'gone']]]);
    const spell = await spellings.spell(keys);
    expect(spell('publisher', "c. scribner's sons")).toBe("C. Scribner's Sons");
    expect(spell('publisher', '1984')).toBe('1984');
    expect(spell('publisher', 'gone')).toBe('gone');
    expect(Object.keys(requests[0]?.aggs ?? {})).toHaveLength(2);
    await spellings.spell(keys);
    expect(requests).toHaveLength(1);
    spellings.forget();
    await spellings.spell(keys);
    expect(requests).toHaveLength(2);
  });
});

describe('browse keys', () => {
  it('when a key is encoded, then it decodes back and sorts before longer keys', () => {
    const parts = { key: 'smith', heading: 'Smith\u0001x', scheme: 'lc' as const };
    expect(decodeBrowseKey(encodeBrowseKey(parts))).toEqual({ ...parts, heading: 'Smith x' });
    const keys = ['smith john', 'smith', 'smitha'].map((key) => encodeBrowseKey({ key, heading: 'Z' }));
    expect([...keys].sort(compareCodePoints).map((k) => decodeBrowseKey(k).key)).toEqual([
      'smith',
      'smith john',
      'smitha',
    ]);
  });

  it('when text has characters beyond the BMP, then it compares by code point as the engine does', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true);
  });
});
