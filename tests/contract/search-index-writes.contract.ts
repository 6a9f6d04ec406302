import { documentPreparer } from '../../src/backends/document-preparers';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import type { SearchIndex } from '../../src/search/port';
import { makeDocument } from '../support/documents';
import { searchFixtures } from '../support/search-fixtures';
import { ids, term, type MakeSearchIndex } from './search-index.helpers';

/**
 * Cases that need an index of their own (fresh per case): writes (upsert replaces a document
 * everywhere, remove takes it out of everything) and result sets built for the case.
 */
export function describeSearchIndexWritesContract(name: string, makeIndex: MakeSearchIndex): void {
  describe(`SearchIndex contract (writes): ${name}`, () => {
    let index: SearchIndex;
    const fixtures = searchFixtures();
    const fixture = (id: string) => fixtures.find((d) => d.id === id)!;

    beforeEach(async () => {
      index = await makeIndex();
      await index.upsert(fixtures);
    });
    afterEach(async () => {
      await index.close();
    });

    it('when an empty index is made, then it counts nothing and finds nothing', async () => {
      const empty = await makeIndex();
      try {
        expect(await empty.count()).toBe(0);
        expect(await empty.search({ facets: [{ field: 'format' }] })).toMatchObject({
          total: 0,
          hits: [],
          facets: { format: [] },
        });
        expect((await empty.browse({ index: 'author', from: 'a', before: 3 })).entries).toEqual([]);
      } finally {
        await empty.close();
      }
    });

    it('when a document is upserted again changed, then only its new content is found', async () => {
      await index.upsert([{ ...fixture('s24'), title: 'Calm air', titleSort: 'calm air' }]);
      expect(await index.count()).toBe(fixtures.length);
      expect(await ids(index, { query: term('zephyr') })).toEqual(['s25', 's26', 's27']);
      expect(await ids(index, { query: term('calm') })).toEqual(['s24']);
      const titles = await index.browse({ index: 'title', from: 'calm', after: 1 });
      expect(titles.entries[0]?.heading).toBe('Calm air');
    });

    it('when a changed document comes with the rows its index prepared, then only its new content is found', async () => {
      const changed = { ...fixture('s24'), title: 'Calm air', titleSort: 'calm air' };
      const prepared = index.preparer === undefined ? [] : [documentPreparer(index.preparer)(changed)];
      await index.upsert([changed], prepared);
      expect(await ids(index, { query: term('zephyr') })).toEqual(['s25', 's26', 's27']);
      expect(await ids(index, { query: term('calm') })).toEqual(['s24']);
    });

    it('when rows another adapter prepared come with a document, then the index writes the document', async () => {
      const changed = { ...fixture('s24'), title: 'Calm air', titleSort: 'calm air' };
      await index.upsert([changed], [{ preparer: 'another adapter' }]);
      expect(await ids(index, { query: term('calm') })).toEqual(['s24']);
      expect(await index.count()).toBe(fixtures.length);
    });

    it('when a document changes identifiers, then the old ones no longer find it', async () => {
      const changed = makeDocument({ id: 's09', title: 'Signal processing', isbns: ['0-14-044793-8'] });
      await index.upsert([changed]);
      expect(await ids(index, { query: term('0306406152', 'isbn') })).toEqual([]);
      expect(await ids(index, { query: term('9780140447934', 'isbn') })).toEqual(['s09']);
    });

    it('when documents are removed, then search, facets, identifiers and browse forget them', async () => {
      await index.remove(['s17', 's12']);
      expect(await index.count()).toBe(fixtures.length - 2);
      expect(await ids(index, { query: term('nutshell') })).toEqual(['s30']);
      expect(await ids(index, { query: term('12345', 'oclc') })).toEqual([]);
      const response = await index.search({ facets: [{ field: 'author', limit: 100 }] });
      expect(response.facets.author).toContainEqual({ value: 'Flanagan, David', count: 1 });
      const shelf = await index.browse({ index: 'callnumber', from: 'QA76.73', after: 1 });
      expect(shelf.entries[0]).toMatchObject({ count: 1, records: [{ id: 's30' }] });
      const authors = await index.browse({ index: 'author', from: 'crum', after: 1 });
      expect(authors.entries[0]?.heading).not.toBe('Crum, Howard');
    });

    it('when removing ids that are not indexed, then nothing changes', async () => {
      await index.remove(['nope', 'never']);
      await index.remove([]);
      await index.upsert([]);
      expect(await index.count()).toBe(fixtures.length);
    });

    it('when a document marked deleted is upserted, then it leaves the index', async () => {
      await index.upsert([{ ...fixture('s21'), deleted: true }]);
      expect(await index.count()).toBe(fixtures.length - 1);
      expect(await ids(index, { query: term('gatsby') })).toEqual([]);
    });

    it('when documents are added, then facet counts of the whole index follow', async () => {
      const before = await index.search({ facets: [{ field: 'format' }] });
      expect(before.facets.format).not.toContainEqual(expect.objectContaining({ value: 'Sound recording' }));
      await index.upsert([makeDocument({ id: 'n1', title: 'Birdsong', formats: ['Sound recording'] })]);
      const after = await index.search({ facets: [{ field: 'format' }] });
      expect(after.facets.format).toContainEqual({ value: 'Sound recording', count: 1 });
      expect(after.total).toBe(fixtures.length + 1);
    });

    it('when the same id comes twice in one batch, then the last one wins', async () => {
      await index.upsert([
        makeDocument({ id: 'n2', title: 'First draft' }),
        makeDocument({ id: 'n2', title: 'Final text' }),
      ]);
      expect(await ids(index, { query: term('draft') })).toEqual([]);
      expect(await ids(index, { query: term('final') })).toEqual(['n2']);
    });

    it('when the index is rebuilt from other documents, then only those are found, facets and browse included', async () => {
      async function* batches(): AsyncGenerator<CatalogDocument[]> {
        yield [makeDocument({ id: 'r1', title: 'Rebuilt harbour', authors: ['Quay, Ann'] })];
        yield [makeDocument({ id: 'r2', title: 'Rebuilt lighthouse', formats: ['Map'] })];
      }

      expect(await index.rebuild(batches())).toEqual({ documents: 2 });

      expect(await index.count()).toBe(2);
      expect([...(await ids(index, { query: term('rebuilt') }))].sort()).toEqual(['r1', 'r2']);
      expect(await ids(index, { query: term('gatsby') })).toEqual([]);
      expect((await index.search({ facets: [{ field: 'format' }] })).facets.format).toEqual([
        { value: 'Map', count: 1 },
      ]);
      expect(
        (await index.browse({ index: 'author', from: 'a', after: 5 })).entries.map((e) => e.heading),
      ).toEqual(['Quay, Ann']);
    });

    it('when a rebuild fails part way, then the old index stays whole', async () => {
      async function* failing(): AsyncGenerator<CatalogDocument[]> {
        yield [makeDocument({ id: 'r1', title: 'Half built' })];
        throw new Error('the store went away');
      }

      await expect(index.rebuild(failing())).rejects.toThrow('the store went away');

      expect(await index.count()).toBe(fixtures.length);
      expect(await ids(index, { query: term('half') })).toEqual([]);
      expect(await ids(index, { query: term('gatsby') })).toEqual(['s21']);
    });

    it('when many records tie in relevance, then cursor and offset pages give each once, ties by id', async () => {
      const tied = Array.from({ length: 23 }, (_, i) => `t${String(i).padStart(2, '0')}`);
      const shuffled = [...tied].sort((a, b) => (a.slice(-1) + a).localeCompare(b.slice(-1) + b));
      await index.upsert(shuffled.map((id) => makeDocument({ id, title: 'Tide tables' })));
      await index.upsert([makeDocument({ id: 'a-top', title: 'Tide tide tide' })]);
      const expected = ['a-top', ...tied];
      const byCursor: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await index.search({ query: term('tide'), limit: 4, cursor });
        byCursor.push(...response.hits.map((h) => h.id));
        cursor = response.nextCursor;
      } while (cursor);
      expect(byCursor).toEqual(expected);
      const byOffset: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 5) {
        byOffset.push(...(await ids(index, { query: term('tide'), limit: 5, offset })));
      }
      expect(byOffset).toEqual(expected);
    });
  });
}
