import type { Client } from '@elastic/elasticsearch';
import { createSearchClient } from '../../src/connections/search-client';
import { createElasticSearchIndex } from '../../src/search/elastic/elastic.search-index';
import { aliasTargets, initialIndexName, rebuildIndex } from '../../src/search/elastic/index-alias';
import { indexMappings, indexSettings, MAPPING_VERSION } from '../../src/search/elastic/index-settings';
import { makeDocument } from '../support/documents';
import { searchFixtures } from '../support/search-fixtures';
import { describeWithSearch } from '../support/services';
import { ids, term } from './search-index.helpers';
import { describeSearchIndexContract } from './search-index.contract';

/**
 * The SearchIndex contract on a real search node (scripts/services/up starts OpenSearch 2.19),
 * then what only this adapter has: the alias and its versioned indices, rebuilds, refused
 * documents, the result window. Every index made here is its own alias `stacks-test-<pid>-…`,
 * so parallel runs and other indices on the shared node are never touched; all are deleted after.
 */
describeWithSearch('SearchIndex on the search engine', (target) => {
  let client: Client;
  const prefix = `stacks-test-${process.pid}-${Date.now().toString(36)}`;
  let made = 0;
  const nextAlias = () => `${prefix}-${++made}`;

  beforeAll(() => {
    client = createSearchClient(target);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` }, { ignore: [404] });
    await client.close();
  });

  /**
   * What an older build left behind: the alias on `<alias>-v<version before>`, whose mapping has no
   * `facet.local` (a strict mapping: documents that have one are refused) and says the old version.
   */
  async function makeStaleIndex(alias: string): Promise<string> {
    const index = `${alias}-v${MAPPING_VERSION - 1}`;
    const mappings = indexMappings();
    const facet = mappings.properties?.facet as { properties: Record<string, unknown> };
    delete facet.properties.local;
    await client.indices.create({
      index,
      settings: indexSettings(),
      mappings: { ...mappings, _meta: { stacks: { mappingVersion: MAPPING_VERSION - 1 } } },
      aliases: { [alias]: { is_write_index: true } },
    });
    return index;
  }

  describeSearchIndexContract(`${target.engine} at ${target.url}`, () =>
    createElasticSearchIndex(client, { indexName: nextAlias(), refresh: true }),
  );

  describe('the alias and its physical indices', () => {
    it('when the index is first opened, then the alias points at <alias>-v<mapping version>', async () => {
      const alias = nextAlias();
      const [a, b] = await Promise.all([
        createElasticSearchIndex(client, { indexName: alias }),
        createElasticSearchIndex(client, { indexName: alias }),
      ]);
      expect(await aliasTargets(client, alias)).toEqual([`${alias}-v${MAPPING_VERSION}`]);
      await Promise.all([a.close(), b.close()]);
    });

    it('when the index behind the alias has another mapping version, then opening it is refused naming the fix', async () => {
      const alias = nextAlias();
      const old = await makeStaleIndex(alias);
      await expect(createElasticSearchIndex(client, { indexName: alias })).rejects.toMatchObject({
        code: 'search_index_version',
        message: `The search index ${old} has mapping version ${MAPPING_VERSION - 1}; this build needs ${MAPPING_VERSION}. Rebuild it (stacks reindex).`,
      });
    });

    it('when a stale index is opened for a rebuild, then only rebuild runs, and after it the index is this version', async () => {
      const alias = nextAlias();
      const old = await makeStaleIndex(alias);
      const index = await createElasticSearchIndex(client, {
        indexName: alias,
        refresh: true,
        staleMapping: 'rebuild',
      });
      const stale = { code: 'search_index_version', message: expect.stringContaining('stacks reindex') };
      await expect(index.search({})).rejects.toMatchObject(stale);
      await expect(index.upsert(searchFixtures())).rejects.toMatchObject(stale);
      await expect(index.count()).rejects.toMatchObject(stale);

      async function* batches() {
        yield searchFixtures();
      }
      expect(await index.rebuild(batches())).toEqual({ documents: searchFixtures().length });

      const [now] = await aliasTargets(client, alias);
      expect(now).toMatch(new RegExp(`^${alias}-v${MAPPING_VERSION}-`));
      expect(await client.indices.exists({ index: old })).toBe(false);
      const response = await index.search({ facets: [{ field: 'local' }] });
      expect(response.facets.local).toEqual([
        { value: 'Rare books room', count: 2 },
        { value: 'Wetherbee bequest', count: 1 },
      ]);
      await index.upsert([makeDocument({ id: 'after', title: 'Written after the rebuild' })]);
      expect(await ids(index, { query: term('written') })).toEqual(['after']);
      // And it opens as any other index now.
      await expect(createElasticSearchIndex(client, { indexName: alias })).resolves.toBeDefined();
    });

    it('when the name is taken by a plain index, then opening it is refused naming it', async () => {
      const name = nextAlias();
      await client.indices.create({ index: name });
      await expect(createElasticSearchIndex(client, { indexName: name })).rejects.toMatchObject({
        code: 'index_unavailable',
        message: expect.stringContaining(name),
      });
    });

    it('when the name is not a valid index name, then opening it is refused', async () => {
      await expect(createElasticSearchIndex(client, { indexName: 'Stacks*' })).rejects.toMatchObject({
        code: 'invalid_config',
      });
    });

    it('when the index is rebuilt, then the alias moves to the new index and the old one is dropped', async () => {
      const alias = nextAlias();
      const index = await createElasticSearchIndex(client, { indexName: alias, refresh: true });
      await index.upsert(searchFixtures());
      async function* batches() {
        yield searchFixtures().slice(0, 10);
        yield [makeDocument({ id: 'r1', title: 'Rebuilt catalogue' })];
      }
      const result = await rebuildIndex(client, alias, batches(), { bulk: { batchSize: 4 } });
      expect(result).toMatchObject({ previous: [initialIndexName(alias)], documents: 11 });
      expect(result.index).toMatch(new RegExp(`^${alias}-v${MAPPING_VERSION}-\\d{8}t\\d{9}z$`));
      expect(await aliasTargets(client, alias)).toEqual([result.index]);
      expect(await client.indices.exists({ index: initialIndexName(alias) })).toBe(false);
      expect(await index.count()).toBe(11);
      expect(await ids(index, { query: term('rebuilt') })).toEqual(['r1']);
    });
  });

  describe('writes and limits', () => {
    it('when the engine refuses a document, then the upsert fails naming it and the others are indexed', async () => {
      const index = await createElasticSearchIndex(client, { indexName: nextAlias(), refresh: true });
      const good = makeDocument({ id: 'good', title: 'Fine record' });
      const bad = makeDocument({ id: 'bad', title: 'Year out of range', year: 10 ** 12 });
      await expect(index.upsert([good, bad])).rejects.toMatchObject({
        code: 'index_document_rejected',
        message: expect.stringContaining('bad ('),
      });
      expect(await ids(index, {})).toEqual(['good']);
    });

    it('when refresh is wait_for, then a write is searchable as soon as it returns', async () => {
      const index = await createElasticSearchIndex(client, { indexName: nextAlias(), refresh: 'wait_for' });
      await index.upsert([makeDocument({ id: 'w1', title: 'Waited for' })]);
      expect(await ids(index, { query: term('waited') })).toEqual(['w1']);
    });

    it('when the deepest offset is asked for, then the result window allows it', async () => {
      const index = await createElasticSearchIndex(client, { indexName: nextAlias(), refresh: true });
      await index.upsert([makeDocument({ id: 'o1', title: 'One' })]);
      const response = await index.search({ offset: 10_000, limit: 100 });
      expect(response).toMatchObject({ total: 1, hits: [] });
    });

    it('when the index is closed, then calls are refused', async () => {
      const index = await createElasticSearchIndex(client, { indexName: nextAlias() });
      await index.close();
      await expect(index.count()).rejects.toMatchObject({ code: 'index_unavailable' });
    });
  });
});
