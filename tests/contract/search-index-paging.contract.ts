import type { QueryNode } from '../../src/search/query/ast';
import type { Hit, SearchIndex, SearchRequest, SortKey } from '../../src/search/port';
import { FIXTURE_IDS } from '../support/search-fixtures';
import { and, ids, not, or, phrase, term } from './search-index.helpers';

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Paging (offset and cursor) and highlights, over the shared fixture index of the main contract. */
export function describeSearchIndexPagingAndHighlights(getIndex: () => SearchIndex): void {
  async function pageWithCursor(
    request: SearchRequest,
    limit: number,
  ): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await getIndex().search({ ...request, limit, cursor });
      seen.push(...response.hits.map((h) => h.id));
      cursor = response.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 100);
    return { ids: seen, pages };
  }

  describe('paging', () => {
    it('when no limit is given, then 20 hits come back', async () => {
      const response = await getIndex().search({});
      expect(response.hits).toHaveLength(20);
      expect(response.total).toBe(FIXTURE_IDS.length);
    });

    it('when paging by offset, then the pages join into the single-page order', async () => {
      const all = await ids(getIndex(), { sort: 'title' });
      const paged: string[] = [];
      for (let offset = 0; offset < all.length; offset += 7) {
        paged.push(...(await ids(getIndex(), { sort: 'title', offset, limit: 7 })));
      }
      expect(paged).toEqual(all);
    });

    it('when the offset is past the end, then there are no hits but the total stands', async () => {
      const response = await getIndex().search({ offset: 500 });
      expect(response).toMatchObject({ total: FIXTURE_IDS.length, hits: [] });
    });

    const sorts: SortKey[] = [
      'relevance',
      'title',
      '-title',
      'author',
      '-author',
      'date',
      '-date',
      'callnumber',
      '-callnumber',
      'id',
    ];
    it.each(sorts)(
      'when paging by cursor sorted by %s, then every record comes once in order',
      async (sort) => {
        const all = await ids(getIndex(), { sort });
        const { ids: paged, pages } = await pageWithCursor({ sort }, 7);
        expect(paged).toEqual(all);
        expect(pages).toBe(Math.ceil(FIXTURE_IDS.length / 7));
      },
    );

    it('when paging a ranked text query by cursor, then every hit comes once in rank order', async () => {
      const query = or(term('zephyr'), term('gardens'), term('java'), term('weather'));
      const all = await ids(getIndex(), { query });
      const { ids: paged } = await pageWithCursor({ query }, 2);
      expect(paged).toEqual(all);
      expect(all).toHaveLength(8);
    });

    it('when paging a filtered result with no query, then all hits tie and come in id order', async () => {
      const request: SearchRequest = { filters: [{ field: 'format', values: ['Book'] }] };
      const all = await ids(getIndex(), request);
      expect(all).toEqual([...all].sort());
      expect((await pageWithCursor(request, 4)).ids).toEqual(all);
      const second = await ids(getIndex(), { ...request, offset: 4, limit: 4 });
      expect(second).toEqual(all.slice(4, 8));
    });

    it('when paging a text query by cursor in id order, then every hit comes once, ids ascending', async () => {
      const query = or(term('zephyr'), term('gardens'), term('java'), term('weather'));
      const ranked = await ids(getIndex(), { query });
      const { ids: paged } = await pageWithCursor({ query, sort: 'id' }, 3);
      expect(paged).toEqual([...ranked].sort(byUtf8));
    });

    it('when every record is paged in id order, then they come in UTF-8 byte order of their ids', async () => {
      const { ids: paged } = await pageWithCursor({ sort: 'id' }, 7);
      expect(paged).toEqual([...FIXTURE_IDS].sort(byUtf8));
    });

    it('when a page is the last, then it has no next cursor', async () => {
      const response = await getIndex().search({ query: term('gardens'), limit: 2 });
      expect(response.hits).toHaveLength(2);
      expect(response.nextCursor).toBeUndefined();
    });

    it.each([0, 101, 1.5, -1])(
      'when the limit is %s, then the search is refused naming it',
      async (limit) => {
        await expect(getIndex().search({ limit })).rejects.toMatchObject({
          code: 'invalid_search_limit',
          message: expect.stringContaining(String(limit)),
        });
      },
    );

    it.each([-1, 10_001, 2.5])(
      'when the offset is %s, then the search is refused naming it',
      async (offset) => {
        await expect(getIndex().search({ offset })).rejects.toMatchObject({
          code: 'invalid_search_offset',
          message: expect.stringContaining(String(offset)),
        });
      },
    );

    it('when the cursor is not one, then the search is refused', async () => {
      await expect(getIndex().search({ cursor: 'not a cursor!' })).rejects.toMatchObject({
        code: 'invalid_search_cursor',
      });
    });

    it('when a cursor from one sort is used with another, then the search is refused', async () => {
      const { nextCursor } = await getIndex().search({ sort: 'title', limit: 5 });
      expect(nextCursor).toBeDefined();
      await expect(getIndex().search({ sort: 'date', cursor: nextCursor })).rejects.toMatchObject({
        code: 'invalid_search_cursor',
      });
    });
  });

  describe('highlights', () => {
    async function highlightOf(query: QueryNode, id: string): Promise<Hit['highlight']> {
      const response = await getIndex().search({ query, highlight: true, limit: 100 });
      return response.hits.find((h) => h.id === id)?.highlight;
    }

    it('when a folded query matches, then the original title is marked', async () => {
      expect((await highlightOf(term('lodz'), 's01'))?.title).toEqual(['<mark>Łódź</mark>: a city history']);
    });

    it('when the title holds markup, then it is escaped and only the match is marked', async () => {
      expect((await highlightOf(term('tricks'), 's14'))?.title).toEqual([
        'HTML &amp; &lt;script&gt; <mark>tricks</mark>',
      ]);
    });

    it('when an author matches, then the author heading is marked', async () => {
      expect((await highlightOf(term('smith'), 's15'))?.author).toEqual(['<mark>Smith</mark>, John, 1950-']);
    });

    it('when a prefix matches, then the whole word is marked', async () => {
      expect((await highlightOf(term('garden', undefined, true), 's15'))?.title).toEqual([
        '<mark>Gardens</mark> of the north',
      ]);
    });

    it('when a phrase matches, then its words are marked together', async () => {
      expect((await highlightOf(phrase('city history'), 's01'))?.title).toEqual([
        'Łódź: a <mark>city history</mark>',
      ]);
    });

    it('when the query is fielded, then only that field is marked', async () => {
      const highlight = await highlightOf(term('history', 'subject'), 's01');
      expect(highlight?.subject).toEqual(['Łódź (Poland) -- <mark>History</mark>']);
      expect(highlight?.title).toBeUndefined();
    });

    it('when notes match, then a marked fragment of them comes under "other"', async () => {
      expect((await highlightOf(term('0306406152'), 's13'))?.other).toEqual([
        'Reviews <mark>0306406152</mark> and other titles.',
      ]);
    });

    it('when a CJK substring matches, then exactly those characters are marked', async () => {
      expect((await highlightOf(term('京大'), 's06'))?.title).toEqual(['東<mark>京大</mark>学の歴史']);
    });

    it('when a word is negated, then it is not marked', async () => {
      const highlight = await highlightOf(and(term('gardens'), not(term('south'))), 's15');
      expect(highlight?.title).toEqual(['<mark>Gardens</mark> of the north']);
    });

    it('when highlights are not asked for, then hits have none', async () => {
      const response = await getIndex().search({ query: term('lodz') });
      expect(response.hits[0]?.highlight).toBeUndefined();
    });
  });
}
