import type { QueryNode, SearchField } from '../../src/search/query/ast';
import type { SearchIndex, SearchRequest, SortKey } from '../../src/search/port';
import { parseQuery } from '../../src/search/query/parser';
import { and, ids, not, or, phrase, term, type MakeSearchIndex } from './search-index.helpers';
import { FIXTURE_IDS, searchFixtures } from '../support/search-fixtures';
import { describeSearchIndexAvailabilityContract } from './search-index-availability.contract';
import { describeSearchIndexBrowseContract } from './search-index-browse.contract';
import { describeSearchIndexPagingAndHighlights } from './search-index-paging.contract';
import { describeSearchIndexWritesContract } from './search-index-writes.contract';

/**
 * The one behavioural suite every SearchIndex adapter passes: SQLite FTS5 always, and
 * Elasticsearch/OpenSearch wherever the test engine runs. Behaviour through the port only:
 * requests in, hits/facets/entries out, never the backend's own query language. Read-only cases share one index loaded with the fixture catalogue; cases that
 * write get a fresh index each (see search-index-writes.contract.ts).
 */
export function describeSearchIndexContract(name: string, makeIndex: MakeSearchIndex): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    const find = (query: QueryNode, extra: Partial<SearchRequest> = {}) => ids(index, { query, ...extra });
    const sorted = async (query: QueryNode) => [...(await find(query))].sort();

    beforeAll(async () => {
      index = await makeIndex();
      await index.upsert(searchFixtures());
    });
    afterAll(async () => {
      await index.close();
    });

    describe('counting and hits', () => {
      it('when the fixture catalogue is upserted, then count reports every document', async () => {
        expect(await index.count()).toBe(FIXTURE_IDS.length);
      });

      it('when searching with no query, then every document matches and hits carry display fields', async () => {
        const response = await index.search({ limit: 100 });
        expect(response.total).toBe(FIXTURE_IDS.length);
        expect(response.hits.map((h) => h.id).sort()).toEqual([...FIXTURE_IDS].sort());
        const hit = response.hits.find((h) => h.id === 's09');
        expect(hit).toMatchObject({
          controlNumber: 'c09',
          title: 'Signal processing',
          authors: ['Oppenheim, Alan V.'],
          formats: ['Book'],
          year: 1999,
          callNumber: 'TK5102.9 .O67 1999',
        });
        expect(hit?.isbns).toContain('9780306406157');
      });

      it('when a hit has serial, LCCN and OCLC identifiers, then they come normalised', async () => {
        const all = (await index.search({ limit: 100 })).hits;
        expect(all.find((h) => h.id === 's10')?.issns).toEqual(['0317-8471']);
        expect(all.find((h) => h.id === 's11')?.lccns).toEqual(['n79021164']);
        expect(all.find((h) => h.id === 's12')?.oclcNumbers).toEqual(['12345']);
      });

      it('when nothing matches, then the total is 0 with no hits and no cursor', async () => {
        const response = await index.search({ query: term('xylophone') });
        expect(response).toMatchObject({ total: 0, hits: [] });
        expect(response.nextCursor).toBeUndefined();
      });
    });

    describe('folding beyond diacritics', () => {
      it.each([
        ['lodz', 's01'],
        ['LODZ', 's01'],
        ['Łódź', 's01'],
        ['strasse', 's02'],
        ['straße', 's02'],
        ['aesop', 's03'],
        ['oeuvres', 's04'],
        ['completes', 's04'],
        ['moliere', 's04'],
        ['thor', 's05'],
        ['dorde', 's05'],
        ['mueller', undefined],
      ])('when searching "%s", then %s is found', async (text, expected) => {
        const found = await find(term(text));
        if (expected) expect(found).toContain(expected);
        else expect(found).toEqual([]);
      });

      it.each([
        ['京大', ['s06', 's07']],
        ['東京', ['s06']],
        ['大学の歴史', ['s06']],
        ['北京大学', ['s07']],
        ['国語', []],
        ['국어', ['s08']],
        ['한국', ['s08']],
      ])('when searching the CJK substring "%s", then %j are found', async (text, expected) => {
        expect(await sorted(term(text))).toEqual(expected);
      });
    });

    describe('query operators', () => {
      it.each<[string, QueryNode, string[]]>([
        ['a prefix', term('garden', undefined, true), ['s15', 's16']],
        ['a phrase in order', phrase('city history'), ['s01']],
        ['a phrase out of order', phrase('history city'), []],
        ['AND', and(term('gardens'), term('north')), ['s15']],
        ['OR', or(term('north'), term('south')), ['s15', 's16']],
        ['AND NOT', and(term('gardens'), not(term('north'))), ['s16']],
        ['title:', term('history', 'title'), ['s01']],
        ['subject:', term('history', 'subject'), ['s01', 's15', 's16']],
        ['author:', term('smith', 'author'), ['s15', 's16']],
        ['publisher:', term('northern', 'publisher'), ['s15']],
        ['series:', term('garden', 'series'), ['s16']],
        ['language:', term('fre', 'language'), ['s04']],
        ['format: in any case', term('journal', 'format'), ['s10', 's13']],
        ['year:', term('1987', 'year'), ['s02', 's23']],
        [
          'a year range',
          { type: 'range', field: 'year', from: 1960, to: 1963 },
          ['s24', 's25', 's26', 's27'],
        ],
        ['an open year range', { type: 'range', field: 'year', to: 1900 }, ['s29']],
        ['text AND format:', and(term('java'), term('ebook', 'format')), ['s30']],
        ['text OR an identifier', or(term('gatsby'), term('12345', 'oclc')), ['s12', 's21']],
      ])(
        'when the query is %s, then exactly the matching records are found',
        async (_label, query, expected) => {
          expect(await sorted(query)).toEqual(expected);
        },
      );

      it('when the query is only NOT, then every other record is found', async () => {
        const response = await index.search({ query: not(term('gardens')) });
        expect(response.total).toBe(FIXTURE_IDS.length - 2);
      });
    });

    describe('query text through parseQuery', () => {
      it.each<[string, string[]]>([
        ['gardens -north', ['s16']],
        ['title:(gardens OR java)', ['s15', 's16', 's17', 's30']],
        ['callnumber:QA76*', ['s17', 's18', 's19', 's20', 's30']],
        ['callnumber:"QA76.73 .J38"', ['s17', 's30']],
        ['isbn:0-306-40615-2', ['s09']],
        ['year:[1960 TO 1963] weather', ['s25', 's26']],
        ['format:book AND language:ger', ['s02']],
        ['"city history" OR 東京', ['s01', 's06']],
      ])('when the query text is %s, then exactly the matching records are found', async (text, expected) => {
        expect(await sorted(parseQuery(text)!)).toEqual(expected);
      });

      it('when plain query text is an ISBN typed with spaces, then its record comes first', async () => {
        expect((await find(parseQuery('978 0 306 40615 7')!))[0]).toBe('s09');
      });
    });

    describe('relevance', () => {
      it('when a word is in the title, author, subject and notes of four records, then they rank in that order', async () => {
        expect(await find(term('zephyr'))).toEqual(['s24', 's25', 's26', 's27']);
      });

      it('when two records score the same, then the tie is broken by id', async () => {
        expect(await find(term('nutshell'))).toEqual(['s17', 's30']);
      });

      it('when scores are reported, then they are non-negative and not increasing', async () => {
        const { hits } = await index.search({ query: term('zephyr') });
        const scores = hits.map((h) => h.score);
        expect(scores.every((s) => s >= 0)).toBe(true);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      });
    });

    describe('identifiers', () => {
      it.each(['0-306-40615-2', '0306406152', '9780306406157', '978-0-306-40615-7', '978 0 306 40615 7'])(
        'when searching isbn:%s, then the record with that ISBN is found',
        async (value) => {
          expect(await find(term(value, 'isbn'))).toEqual(['s09']);
        },
      );

      it('when searching an ISBN from $z (canceled), then its record is found', async () => {
        expect(await find(term('0-19-853453-1', 'isbn'))).toEqual(['s09']);
        expect(await find(term('9780198534532', 'isbn'))).toEqual(['s09']);
      });

      it.each<[SearchField, string, string]>([
        ['issn', '03178471', 's10'],
        ['issn', '0317-8471', 's10'],
        ['lccn', 'n79-21164', 's11'],
        ['lccn', 'n 79021164', 's11'],
        ['oclc', '(OCoLC)ocm00012345', 's12'],
        ['oclc', '12345', 's12'],
        ['id', 's05', 's05'],
        ['id', 'c05', 's05'],
      ])('when searching %s:%s, then %s is found', async (field, value, expected) => {
        expect(await find(term(value, field))).toEqual([expected]);
      });

      it.each([
        ['978-0-306-40615-7', 's09'],
        ['0317-8471', 's10'],
        ['n79-21164', 's11'],
        ['ocm00012345', 's12'],
      ])('when the whole plain query is the identifier %s, then %s comes first', async (text, expected) => {
        expect((await find(term(text)))[0]).toBe(expected);
      });

      it('when a plain ISBN also appears in another record text, then the identifier match comes first', async () => {
        expect(await find(term('0306406152'))).toEqual(['s09', 's13']);
      });

      it('when an identifier field holds something that is not one, then nothing is found', async () => {
        expect(await find(term('abc', 'isbn'))).toEqual([]);
      });

      it.each<[string, QueryNode, string[]]>([
        ['a class prefix with *', term('QA76', 'callnumber', true), ['s17', 's18', 's19', 's20', 's30']],
        ['a class without *', term('QA76', 'callnumber'), ['s17', 's18', 's19', 's30']],
        ['a class with decimals', term('QA76.73', 'callnumber'), ['s17', 's30']],
        ['a call number with spaces', phrase('qa76.73.j38 f53', 'callnumber'), ['s17', 's30']],
      ])(
        'when searching call numbers by %s, then they match left-anchored',
        async (_label, query, expected) => {
          expect(await sorted(query)).toEqual(expected);
        },
      );
    });

    describe('filters and facets', () => {
      const fixtures = searchFixtures();
      const countBy = (pick: (d: (typeof fixtures)[number]) => string[]) => {
        const counts = new Map<string, number>();
        for (const d of fixtures) for (const v of pick(d)) counts.set(v, (counts.get(v) ?? 0) + 1);
        return counts;
      };

      it.each<[string, Partial<SearchRequest>, string[]]>([
        ['one value', { filters: [{ field: 'format', values: ['eBook'] }] }, ['s05', 's14', 's30']],
        [
          'values ORed',
          { filters: [{ field: 'format', values: ['eBook', 'Journal'] }] },
          ['s05', 's10', 's13', 's14', 's30'],
        ],
        [
          'fields ANDed',
          {
            filters: [
              { field: 'format', values: ['Book'] },
              { field: 'language', values: ['ger'] },
            ],
          },
          ['s02'],
        ],
        ['a year range', { years: { from: 1960, to: 1963 } }, ['s24', 's25', 's26', 's27']],
        ['an open year range', { years: { from: 2010 } }, ['s06', 's07', 's14', 's30']],
        [
          'a query and a filter',
          { query: term('java'), filters: [{ field: 'format', values: ['eBook'] }] },
          ['s30'],
        ],
        ['a topic', { filters: [{ field: 'topic', values: ['History'] }] }, ['s01', 's15', 's16']],
        ['an author', { filters: [{ field: 'author', values: ['Smith, John, 1950-'] }] }, ['s15', 's16']],
        ['a local value', { filters: [{ field: 'local', values: ['Rare books room'] }] }, ['s01', 's15']],
        [
          'a local value in another case',
          { filters: [{ field: 'local', values: ['WETHERBEE bequest'] }] },
          ['s15'],
        ],
      ])('when filtering by %s, then only matching records remain', async (_label, request, expected) => {
        expect((await ids(index, request)).sort()).toEqual(expected);
      });

      it.each<[string, SearchRequest['query'], string[]]>([
        ['a facet node', { type: 'facet', field: 'topic', value: 'history' }, ['s01', 's15', 's16']],
        [
          'a facet node ORed with a word',
          {
            type: 'or',
            children: [{ type: 'facet', field: 'local', value: 'Rare books room' }, term('java')],
          },
          ['s01', 's15', 's17', 's30'],
        ],
        [
          'a facet node negated',
          {
            type: 'and',
            children: [
              { type: 'facet', field: 'topic', value: 'History' },
              { type: 'not', child: { type: 'facet', field: 'local', value: 'Rare books room' } },
            ],
          },
          ['s16'],
        ],
      ])('when the query holds %s, then it matches as the filter does', async (_label, query, expected) => {
        expect((await ids(index, { query })).sort()).toEqual(expected);
      });

      it('when the query holds a call-number range, then it takes in the class and what files under it', async () => {
        const range = (from?: string, to?: string) =>
          ids(index, { query: { type: 'callnumberRange', ...(from && { from }), ...(to && { to }) } });
        const qa76 = (await range('QA76', 'QA76')).sort();
        expect(qa76.length).toBeGreaterThan(0);
        expect(qa76).toEqual((await ids(index, { query: parseQuery('callnumber:QA76') })).sort());
        const below = await range(undefined, 'QA75');
        const above = await range('QA76');
        expect(below.filter((id) => above.includes(id))).toEqual([]);
        expect([...below, ...above].sort()).toEqual((await range()).sort());
      });

      it('when facets are asked with a one-hit page, then they count the whole result', async () => {
        const response = await index.search({ limit: 1, facets: [{ field: 'format', limit: 20 }] });
        const expected = [...countBy((d) => d.formats)].map(([value, count]) => ({ value, count }));
        expect(response.facets.format).toEqual(
          expected.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
        );
      });

      it('when a facet has a limit, then the most frequent values come first', async () => {
        const response = await index.search({ facets: [{ field: 'language', limit: 2 }] });
        expect(response.facets.language).toEqual([
          { value: 'eng', count: countBy((d) => d.languages).get('eng') },
          { value: 'ger', count: 2 },
        ]);
      });

      it('when a query narrows the result, then facets count only its records, ties by value', async () => {
        const response = await index.search({
          query: term('gardens'),
          facets: [{ field: 'topic' }, { field: 'year' }, { field: 'author' }],
        });
        expect(response.facets).toEqual({
          topic: [
            { value: 'Gardening', count: 2 },
            { value: 'History', count: 2 },
          ],
          year: [
            { value: '1990', count: 1 },
            { value: '1992', count: 1 },
          ],
          author: [{ value: 'Smith, John, 1950-', count: 2 }],
        });
      });

      it('when a filter applies, then facets count the filtered result', async () => {
        const response = await index.search({
          filters: [{ field: 'language', values: ['ger'] }],
          facets: [{ field: 'format' }],
        });
        expect(response.facets.format).toEqual([
          { value: 'Book', count: 1 },
          { value: 'Score', count: 1 },
        ]);
      });

      it('when the local facet is asked, then it counts the local values, and only records with them', async () => {
        const response = await index.search({ facets: [{ field: 'local' }] });
        expect(response.facets.local).toEqual([
          { value: 'Rare books room', count: 2 },
          { value: 'Wetherbee bequest', count: 1 },
        ]);
        expect(await ids(index, { query: term('wetherbee') })).toEqual(['s15']);
      });

      it('when a facet field is unknown, then the search is refused', async () => {
        await expect(index.search({ facets: [{ field: 'colour' as never }] })).rejects.toMatchObject({
          code: 'invalid_search_facet',
        });
      });
    });

    describe('sorting', () => {
      const some = or(term('beloved'), term('gardens'), term('gatsby'), term('zephyr'));
      const authored = or(term('beloved'), term('gatsby'), term('zephyr'));
      const undated = or(term('maps'), term('zephyr'), term('symphony'));

      it.each<[SortKey, QueryNode, string[]]>([
        ['title', some, ['s23', 's15', 's16', 's21', 's25', 's27', 's26', 's24']],
        ['-title', some, ['s24', 's26', 's27', 's25', 's21', 's16', 's15', 's23']],
        ['author', authored, ['s24', 's26', 's27', 's21', 's23', 's25']],
        ['-author', authored, ['s25', 's23', 's21', 's27', 's26', 's24']],
        ['author', or(term('maps'), term('zephyr')), ['s24', 's26', 's27', 's25', 's28']],
        ['-author', or(term('maps'), term('zephyr')), ['s25', 's27', 's26', 's24', 's28']],
        ['date', undated, ['s29', 's24', 's25', 's26', 's27', 's28']],
        ['-date', undated, ['s27', 's26', 's25', 's24', 's29', 's28']],
      ])(
        'when sorting by %s, then records come in that order with missing values last',
        async (sort, query, expected) => {
          expect(await find(query, { sort })).toEqual(expected);
        },
      );

      it('when sorting by call number, then Dewey then LC come in shelf order, records without one last', async () => {
        const found = await ids(index, { sort: 'callnumber' });
        const shelved = ['s22', 's23', 's01', 's29', 's03', 's21', 's19', 's17', 's30', 's18', 's20', 's09'];
        expect(found.slice(0, shelved.length)).toEqual(shelved);
        expect(found).toHaveLength(FIXTURE_IDS.length);
        const reversed = await ids(index, { sort: '-callnumber' });
        expect(reversed[0]).toBe('s09');
        expect(new Set(reversed.slice(shelved.length))).toEqual(new Set(found.slice(shelved.length)));
      });

      it('when the sort is unknown, then the search is refused', async () => {
        await expect(index.search({ sort: 'colour' as SortKey })).rejects.toMatchObject({
          code: 'invalid_search_sort',
        });
      });
    });

    describeSearchIndexPagingAndHighlights(() => index);
  });

  describeSearchIndexBrowseContract(name, makeIndex);
  describeSearchIndexWritesContract(name, makeIndex);
  describeSearchIndexAvailabilityContract(name, makeIndex);
}
