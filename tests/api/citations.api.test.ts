import request from 'supertest';
import { addRecords, CYRILLIC_ID as CYRILLIC, cyrillicRecord } from '../support/citation-records';
import { cslValidityProblems, parseBibtex, parseRisFile } from '../support/citations';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const TOLSTOY = '(StK)stk000001';
const path = (id: string) => `/records/${encodeURIComponent(id)}`;

const RIS = 'application/x-research-info-systems';
const BIBTEX = 'application/x-bibtex';
const CSL = 'application/vnd.citationstyles.csl+json';
const CITATION = 'text/x-bibliography';

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 30);
    await addRecords(f.backends, [cyrillicRecord()]);
  });
  afterAll(() => f.close());

  describe('GET /records/{id} cited', () => {
    test('when format=ris, then an independent RIS reader finds title, author, year and ISBN', async () => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=ris`));
      expect(res.headers['content-type']).toBe(`${RIS}; charset=utf-8`);
      expect(res.headers.etag).toBe('"v1-ris"');
      expect(parseRisFile(res.text)).toEqual([
        expect.objectContaining({
          type: 'book',
          title: 'War and peace',
          authors: ['Tolstoy, Leo'],
          year: '1869',
          isbn: '9780140447934',
        }),
      ]);
    });

    test('when format=bibtex, then an independent BibTeX reader finds the same, under a key made of the id', async () => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=bibtex`));
      expect(res.headers['content-type']).toBe(`${BIBTEX}; charset=utf-8`);
      expect(res.headers.etag).toBe('"v1-bibtex"');
      expect(parseBibtex(res.text)).toEqual([
        {
          key: 'StKstk000001',
          type: 'book',
          title: 'War and peace',
          authors: ['Tolstoy, Leo'],
          year: '1869',
          isbn: '9780140447934',
        },
      ]);
    });

    test('when format=csl-json, then one CSL item comes back that citation-js reads unchanged', async () => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=csl-json`));
      expect(res.headers['content-type']).toBe(`${CSL}; charset=utf-8`);
      expect(res.headers.etag).toBe('"v1-csljson"');
      const items = JSON.parse(res.text) as { id: string }[];
      expect(items).toEqual([
        expect.objectContaining({
          id: TOLSTOY,
          type: 'book',
          title: 'War and peace',
          author: [{ family: 'Tolstoy', given: 'Leo' }],
          issued: { 'date-parts': [[1869]] },
          ISBN: '9780140447934',
        }),
      ]);
      expect(items.flatMap((i) => cslValidityProblems(i))).toEqual([]);
    });

    test.each([
      [undefined, '"v1-apa"', 'Tolstoy, L. (1869). War and peace.'],
      ['apa', '"v1-apa"', 'Tolstoy, L. (1869). War and peace.'],
      ['vancouver', '"v1-vancouver"', '1. Tolstoy L. War and peace. 1869.'],
      ['harvard1', '"v1-harvard"', 'Tolstoy, L. (1869) War and peace.'],
    ])(
      'when format=citation and style=%s, then the reference is plain text in that style',
      async (style, etag, text) => {
        const res = await checked(request(f.app).get(path(TOLSTOY)).query({ format: 'citation', style }));
        expect(res.headers['content-type']).toBe(`${CITATION}; charset=utf-8`);
        expect(res.headers.etag).toBe(etag);
        expect(res.text.trim()).toBe(text);
      },
    );

    test.each([
      [BIBTEX, '@book{StKstk000001,'],
      [RIS, 'TY  - BOOK'],
      [CITATION, 'Tolstoy, L. (1869)'],
      [`${CSL}, application/json;q=0.5`, '"family": "Tolstoy"'],
    ])('when Accept is %s, then that format comes back', async (accept, expected) => {
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('accept', accept));
      expect(res.status).toBe(200);
      expect(res.headers.vary).toBe('Accept');
      expect(res.text).toContain(expected);
    });

    test('when Accept is */* or text/*, then the MARC representations are chosen as before', async () => {
      const any = await checked(request(f.app).get(path(TOLSTOY)).set('accept', '*/*'));
      expect(any.headers['content-type']).toContain('application/json');
      const text = await checked(request(f.app).get(path(TOLSTOY)).set('accept', 'text/*'));
      expect(text.headers['content-type']).toContain('text/plain');
    });

    test('when Accept gives the style as DOI content negotiation does, then that style is used; ?style= wins', async () => {
      const accept = `${CITATION}; style=vancouver`;
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('accept', accept));
      expect(res.text.trim()).toBe('1. Tolstoy L. War and peace. 1869.');
      expect(res.headers.etag).toBe('"v1-vancouver"');
      const query = await checked(
        request(f.app)
          .get(`${path(TOLSTOY)}?style=apa`)
          .set('accept', accept),
      );
      expect(query.text.trim()).toBe('Tolstoy, L. (1869). War and peace.');
      const page = await checked(request(f.app).get('/search?q=war&limit=3').set('accept', accept));
      expect(page.text).toMatch(/^1\. /);
      const bad = await checked(
        request(f.app).get(path(TOLSTOY)).set('accept', `${CITATION}; style=chicago`),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('invalid_citation_style');
    });

    test('when the style is not one the plugin ships, then 400 invalid_citation_style names the ones it does', async () => {
      const res = await checked(request(f.app).get(`${path(TOLSTOY)}?format=citation&style=chicago`));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_citation_style');
      expect(res.body.detail).toContain('"apa", "vancouver", "harvard1"');
    });

    test('when Accept names nothing offered, then 406 lists the citation types too', async () => {
      const res = await checked(request(f.app).get(path(TOLSTOY)).set('accept', 'image/png'));
      expect(res.status).toBe(406);
      expect(res.body.detail).toContain(RIS);
    });

    test('when If-None-Match holds the citation tag, then 304', async () => {
      const res = await request(f.app)
        .get(`${path(TOLSTOY)}?format=bibtex`)
        .set('if-none-match', '"v1-bibtex"');
      expect(res.status).toBe(304);
    });

    test('when the record is in Cyrillic, then BibTeX and RIS keep it in UTF-8 and TeX specials are escaped', async () => {
      const bib = await checked(request(f.app).get(`${path(CYRILLIC)}?format=bibtex`));
      expect(bib.text).toContain('Эксмо \\& Ко');
      expect(parseBibtex(bib.text)).toEqual([
        expect.objectContaining({
          title: 'Война и мир: роман',
          authors: ['Толстой, Лев Николаевич'],
          year: '2015',
          isbn: '9785699120147',
          publisher: 'Эксмо & Ко',
        }),
      ]);
      const ris = await checked(request(f.app).get(`${path(CYRILLIC)}?format=ris`));
      expect(parseRisFile(ris.text)).toEqual([
        expect.objectContaining({
          title: 'Война и мир: роман',
          authors: ['Толстой, Лев Николаевич'],
          year: '2015',
          isbn: '9785699120147',
          publisher: 'Эксмо & Ко',
        }),
      ]);
      const apa = await checked(request(f.app).get(`${path(CYRILLIC)}?format=citation`));
      expect(apa.text.trim()).toBe('Толстой, Л. Н. (2015). Война и мир: роман (Второе издание). Эксмо & Ко.');
    });
  });

  describe('GET /search cited', () => {
    async function hitIds(query: Record<string, unknown>): Promise<string[]> {
      const res = await checked(request(f.app).get('/search').query(query));
      return (res.body.hits as { id: string }[]).map((h) => h.id);
    }

    test('when format=ris, then the page is one RIS file with an entry per hit, in hit order', async () => {
      const ids = await hitIds({ limit: 7, offset: 3 });
      const res = await checked(request(f.app).get('/search').query({ limit: 7, offset: 3, format: 'ris' }));
      expect(res.headers['content-type']).toBe(`${RIS}; charset=utf-8`);
      const entries = parseRisFile(res.text);
      expect(entries).toHaveLength(7);
      expect(res.text.match(/^ID {2}- (.*)$/gm)?.map((l) => l.slice(6))).toEqual(ids);
      expect(entries.every((e) => e.title)).toBe(true);
    });

    test('when format=bibtex, then each hit is an entry, keyed by its id', async () => {
      const ids = await hitIds({ q: 'war', limit: 10 });
      const res = await checked(
        request(f.app).get('/search').query({ q: 'war', limit: 10, format: 'bibtex' }),
      );
      const entries = parseBibtex(res.text);
      expect(entries.map((e) => e.key)).toEqual(ids.map((id) => id.replace(/[^A-Za-z0-9_-]+/g, '')));
      expect(entries.find((e) => e.key === 'StKstk000001')).toMatchObject({ title: 'War and peace' });
    });

    test('when format=csl-json, then the items are the hits, in order, and valid', async () => {
      const ids = await hitIds({ limit: 20 });
      const res = await checked(request(f.app).get('/search').query({ limit: 20, format: 'csl-json' }));
      const items = JSON.parse(res.text) as { id: string }[];
      expect(items.map((i) => i.id)).toEqual(ids);
      expect(items.flatMap((i) => cslValidityProblems(i))).toEqual([]);
    });

    test('when format=citation, then the page is a bibliography of one line per hit', async () => {
      const res = await checked(
        request(f.app).get('/search').query({ limit: 5, format: 'citation', style: 'vancouver' }),
      );
      expect(res.headers['content-type']).toBe(`${CITATION}; charset=utf-8`);
      const lines = res.text.trim().split('\n');
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(/^1\. /);
    });

    test('when a formatted page asks for more than 20 hits, then 400 invalid_search_limit says why', async () => {
      const res = await checked(request(f.app).get('/search').query({ limit: 21, format: 'citation' }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_search_limit');
      expect(res.body.detail).toContain('at most 20');
      const ris = await checked(request(f.app).get('/search').query({ limit: 100, format: 'ris' }));
      expect(ris.status).toBe(200);
    });

    test('when Accept prefers a citation type, then it is served; one naming nothing offered still gets JSON', async () => {
      const bib = await checked(request(f.app).get('/search?q=war').set('accept', BIBTEX));
      expect(bib.headers['content-type']).toBe(`${BIBTEX}; charset=utf-8`);
      const xml = await checked(request(f.app).get('/search?q=war').set('accept', 'application/xml'));
      expect(xml.headers['content-type']).toContain('application/json');
      expect(xml.headers.vary).toBe('Accept');
      const json = await checked(request(f.app).get('/search?q=war&format=json').set('accept', RIS));
      expect(json.body.hits.length).toBeGreaterThan(0);
    });

    test('when the page is empty, then each format is an empty file of its type', async () => {
      const q = 'zzzznothingmatches';
      const csl = await checked(request(f.app).get('/search').query({ q, format: 'csl-json' }));
      expect(JSON.parse(csl.text)).toEqual([]);
      const ris = await checked(request(f.app).get('/search').query({ q, format: 'ris' }));
      expect(ris.status).toBe(200);
      expect(ris.text).toBe('');
    });
  });
});
