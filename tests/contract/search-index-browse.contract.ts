import type { BrowseRequest, SearchIndex } from '../../src/search/port';
import { searchFixtures } from '../support/search-fixtures';
import type { MakeSearchIndex } from './search-index.helpers';

/** Browse: the author, title, subject and call-number indexes around an anchor. */
export function describeSearchIndexBrowseContract(name: string, makeIndex: MakeSearchIndex): void {
  describe(`SearchIndex contract (browse): ${name}`, () => {
    let index: SearchIndex;
    const headings = async (request: BrowseRequest) =>
      (await index.browse(request)).entries.map((e) => e.heading);

    beforeAll(async () => {
      index = await makeIndex();
      await index.upsert(searchFixtures());
    });
    afterAll(async () => {
      await index.close();
    });

    it('when browsing authors from an anchor, then the heading at it comes first with its record count', async () => {
      const response = await index.browse({ index: 'author', from: 'smith', after: 2 });
      expect(response.anchor).toBe(0);
      expect(response.entries.map(({ heading, count }) => ({ heading, count }))).toEqual([
        { heading: 'Smith, John, 1950-', count: 2 },
        { heading: 'Zelle, John', count: 1 },
      ]);
    });

    it('when browsing with entries before, then they come in index order and anchor points past them', async () => {
      const response = await index.browse({ index: 'author', from: 'm', before: 2, after: 2 });
      expect(response.entries.map((e) => e.heading)).toEqual([
        'Kowalski, Jan, 1950-',
        'Lee, Ann',
        'Molière, 1622-1673',
        'Morrison, Toni',
      ]);
      expect(response.anchor).toBe(2);
    });

    it('when the anchor has punctuation, case and diacritics, then it files like the headings', async () => {
      expect(await headings({ index: 'author', from: 'DORDEVIC,', after: 1 })).toEqual(['Đorđević, Đorđe']);
      expect(await headings({ index: 'author', from: 'Moliere 1622', after: 1 })).toEqual([
        'Molière, 1622-1673',
      ]);
    });

    it('when browsing before the first heading, then there is nothing before', async () => {
      const response = await index.browse({ index: 'author', from: '', before: 5, after: 1 });
      expect(response).toMatchObject({ anchor: 0, entries: [{ heading: 'Abbot, Carl' }] });
    });

    it('when browsing past the last heading, then only earlier entries come back', async () => {
      const response = await index.browse({ index: 'title', from: '\u{2a700}', before: 1, after: 5 });
      expect(response.anchor).toBe(1);
      expect(response.entries).toHaveLength(1);
    });

    it('when browsing titles, then they file without initial articles and with folding', async () => {
      expect(await headings({ index: 'title', from: 'java', after: 2 })).toEqual([
        'Java in a nutshell',
        'Łódź: a city history',
      ]);
      expect((await index.browse({ index: 'title', from: 'java', after: 1 })).entries[0]?.count).toBe(2);
      expect(await headings({ index: 'title', from: 'great', after: 1 })).toEqual(['The great Gatsby']);
      expect(await headings({ index: 'title', from: 'LODZ', after: 1 })).toEqual(['Łódź: a city history']);
    });

    it('when browsing subjects, then shared headings are counted once per record', async () => {
      const response = await index.browse({ index: 'subject', from: 'gardening', after: 1 });
      expect(response.entries.map(({ heading, count }) => ({ heading, count }))).toEqual([
        { heading: 'Gardening -- History', count: 2 },
      ]);
    });

    it('when browsing call numbers, then entries carry the scheme and the records filed there', async () => {
      const response = await index.browse({ index: 'callnumber', from: 'QA76.73', after: 3 });
      expect(response.entries.map((e) => e.heading)).toEqual([
        'QA76.73.J38 F53 2008',
        'QA76.9.D3 D3 2003',
        'QA767 .B6 1976',
      ]);
      expect(response.entries[0]).toMatchObject({
        count: 2,
        scheme: 'lc',
        records: [
          { id: 's17', controlNumber: 'c17' },
          { id: 's30', controlNumber: 'c30' },
        ],
      });
    });

    it('when browsing call numbers backwards, then earlier shelf positions come first', async () => {
      const response = await index.browse({ index: 'callnumber', from: 'QA76.73', before: 2, after: 1 });
      expect(response.entries.map((e) => e.heading)).toEqual([
        'PS3511.I9 G7 1925',
        'QA76 .K5 1996',
        'QA76.73.J38 F53 2008',
      ]);
      expect(response.anchor).toBe(2);
    });

    it('when browsing call numbers without a scheme, then both schemes come in one shelf-key order', async () => {
      expect(await headings({ index: 'callnumber', from: '', after: 20 })).toEqual([
        '005.133 Z45',
        '813.54 M882',
        'DK4650.L6 K69 1995',
        'M1001 .B4 op. 67',
        'PA3855.E5 1912',
        'PS3511.I9 G7 1925',
        'QA76 .K5 1996',
        'QA76.73.J38 F53 2008',
        'QA76.9.D3 D3 2003',
        'QA767 .B6 1976',
        'TK5102.9 .O67 1999',
      ]);
    });

    it('when a scheme is given, then only that scheme is browsed', async () => {
      expect(await headings({ index: 'callnumber', from: '', after: 20, scheme: 'dewey' })).toEqual([
        '005.133 Z45',
        '813.54 M882',
      ]);
      const lc = await index.browse({ index: 'callnumber', from: '800', before: 5, after: 1, scheme: 'lc' });
      expect(lc.entries.every((e) => e.scheme === 'lc')).toBe(true);
    });

    it('when a Dewey anchor is given, then it files among Dewey numbers', async () => {
      const response = await index.browse({
        index: 'callnumber',
        from: '800',
        before: 1,
        after: 1,
        scheme: 'dewey',
      });
      expect(response.entries.map((e) => e.heading)).toEqual(['005.133 Z45', '813.54 M882']);
      expect(response.anchor).toBe(1);
    });

    it.each([{ before: -1 }, { after: 101 }, { after: 2.5 }])(
      'when browse sizes are %j, then the browse is refused',
      async (sizes) => {
        await expect(index.browse({ index: 'author', from: 'a', ...sizes })).rejects.toMatchObject({
          code: 'invalid_browse_limit',
        });
      },
    );
  });
}
