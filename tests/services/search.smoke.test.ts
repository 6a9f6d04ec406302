import { errors, type Client } from '@elastic/elasticsearch';

import { createSearchClient } from '../../src/connections/search-client';
import { describeWithSearch } from '../support/services';

interface SmokeDoc {
  id: string;
  title: string;
  language: string;
  year: number;
}

const LANGUAGES = ['eng', 'fre', 'ger', 'lat', 'spa'];

/** 1,000 documents; every tenth title has "whale", and those spread evenly over the languages. */
function smokeDocs(): SmokeDoc[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    id: `doc${i}`,
    title: i % 10 === 0 ? `The whale, part ${i}` : `Sea stories ${i}`,
    language: LANGUAGES[Math.floor(i / 10) % LANGUAGES.length] ?? 'und',
    year: 1800 + Math.floor(i / 5),
  }));
}

describe('createSearchClient without a server', () => {
  test('when the engine is unknown, then it throws naming the value', () => {
    const make = () => createSearchClient({ url: 'http://127.0.0.1:9201', engine: 'solr' as 'opensearch' });

    expect(make).toThrow('search engine must be one of elasticsearch, opensearch; got "solr"');
  });

  test('when the URL is not http(s), then it throws naming the value', () => {
    const make = () => createSearchClient({ url: 'mongodb://127.0.0.1:9201', engine: 'opensearch' });

    expect(make).toThrow('search URL must be http:// or https://; got "mongodb://127.0.0.1:9201"');
  });
});

describeWithSearch('@elastic/elasticsearch client on a real search node (smoke)', (target) => {
  // One index per run, so that parallel or aborted runs never see each other's documents.
  const index = `stacks-smoke-${process.pid}-${Date.now()}`;
  let client: Client;

  beforeAll(() => {
    client = createSearchClient(target);
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  test('when 1,000 documents are bulk-loaded, then a search with aggregations counts them exactly', async () => {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: { title: { type: 'text' }, language: { type: 'keyword' }, year: { type: 'integer' } },
      },
    });
    const operations = smokeDocs().flatMap((doc) => [{ index: { _index: index, _id: doc.id } }, doc]);

    const bulk = await client.bulk({ operations, refresh: 'wait_for' });
    const result = await client.search<SmokeDoc>({
      index,
      size: 3,
      track_total_hits: true,
      query: { match: { title: 'WHALE' } },
      sort: [{ year: 'asc' }],
      aggs: { languages: { terms: { field: 'language' } }, years: { stats: { field: 'year' } } },
    });

    expect(bulk.errors).toBe(false);
    expect(bulk.items).toHaveLength(1000);
    expect(result.hits.total).toEqual({ value: 100, relation: 'eq' });
    expect(result.hits.hits.map((hit) => hit._source?.title)).toEqual([
      'The whale, part 0',
      'The whale, part 10',
      'The whale, part 20',
    ]);
    const languages = result.aggregations?.languages as { buckets: { key: string; doc_count: number }[] };
    expect(languages.buckets).toEqual(LANGUAGES.map((key) => ({ key, doc_count: 20 })));
    expect(result.aggregations?.years).toMatchObject({ count: 100, min: 1800, max: 1998 });
  });

  test('when the index is dropped, then it no longer exists', async () => {
    const dropIndex = `${index}-drop`;
    await client.indices.create({ index: dropIndex, settings: { number_of_replicas: 0 } });

    const deleted = await client.indices.delete({ index: dropIndex });
    const exists = await client.indices.exists({ index: dropIndex });

    expect(deleted.acknowledged).toBe(true);
    expect(exists).toBe(false);
  });

  (target.engine === 'opensearch' ? test : test.skip)(
    'when the client is left in elasticsearch mode, then an OpenSearch node is refused (why the mode exists)',
    async () => {
      const stock = createSearchClient({ url: target.url, engine: 'elasticsearch', maxRetries: 0 });

      await expect(stock.info()).rejects.toBeInstanceOf(errors.ProductNotSupportedError);
      await stock.close();
    },
  );
});
