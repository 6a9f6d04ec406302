import {
  compareCodePoints,
  decodeBrowseKey,
  encodeBrowseKey,
} from '../../../../src/search/elastic/browse-keys';
import { readFacets } from '../../../../src/search/elastic/search-facets';

describe('readFacets', () => {
  it('when spellings differ in ASCII case, then they merge and the most counted spelling shows', () => {
    const facets = readFacets([{ field: 'format', limit: 2 }], {
      format: {
        buckets: [
          { key: 'Book', doc_count: 5 },
          { key: 'Map', doc_count: 4 },
          { key: 'book', doc_count: 2 },
          { key: 'Atlas', doc_count: 4 },
        ],
      },
    });
    expect(facets.format).toEqual([
      { value: 'Book', count: 7 },
      { value: 'Atlas', count: 4 },
    ]);
  });

  it('when years are counted, then they come from the filtered sub-aggregation as text', () => {
    const facets = readFacets([{ field: 'year', limit: 5 }], {
      year: { values: { buckets: [{ key: 1990, doc_count: 1 }] } },
    });
    expect(facets.year).toEqual([{ value: '1990', count: 1 }]);
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
