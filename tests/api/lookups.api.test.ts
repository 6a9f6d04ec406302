import request from 'supertest';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target);
  });
  afterAll(() => f.close());

  describe('GET /lookup', () => {
    test.each([
      ['isbn', '0-14-044793-8'],
      ['isbn', '978 0 14 044793 4'],
      ['id', '(StK)stk000001'],
      ['controlNumber', 'stk000001'],
    ])(
      'when %s is %j, then the normalised value, the record and the matched field come back',
      async (kind, value) => {
        const res = await checked(
          request(f.app)
            .get('/lookup')
            .query({ [kind]: value }),
        );
        expect(res.status).toBe(200);
        expect(res.body.normalized.kind).toBe(kind);
        expect(res.body.matches).toEqual([
          expect.objectContaining({
            field: expect.any(String),
            record: expect.objectContaining({ id: '(StK)stk000001' }),
          }),
        ]);
      },
    );

    test('when an ISBN-10 is looked up, then both forms are searched and 020 is the field', async () => {
      const res = await checked(request(f.app).get('/lookup?isbn=0140447938'));
      expect(res.body.normalized).toEqual({
        kind: 'isbn',
        value: '0140447938',
        forms: ['9780140447934', '0140447938'],
        valid: true,
      });
      expect(res.body.matches[0]).toMatchObject({ field: '020', value: '9780140447934' });
    });

    test('when nothing carries the identifier, then 200 with no matches', async () => {
      const res = await checked(request(f.app).get('/lookup?lccn=n78-890351'));
      expect(res.body.normalized.forms).toEqual(['n78890351']);
      expect(res.body.matches).toEqual([]);
    });

    test.each([
      ['', 'no identifier'],
      ['?isbn=1&issn=2', 'two identifiers'],
      ['?issn=abc', 'an ISSN without an ISSN shape'],
      ['?lccn=%20', 'a blank LCCN'],
    ])('when the query is %j (%s), then 400 invalid_lookup', async (query) => {
      const res = await checked(request(f.app).get(`/lookup${query}`));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_lookup');
    });

    test('when a value is empty, then 400 names the parameter', async () => {
      const res = await checked(request(f.app).get('/lookup?oclc='));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ parameter: 'oclc', value: '' }));
    });
  });

  describe('GET /suggest', () => {
    test('when a title prefix is typed, then the title is suggested with its record', async () => {
      const res = await checked(request(f.app).get('/suggest').query({ q: 'war and pe' }));
      expect(res.body.suggestions).toContainEqual({
        text: 'War and peace',
        kind: 'title',
        id: '(StK)stk000001',
      });
    });

    test('when an author prefix is typed, then authors are suggested with counts, co-authors filtered out', async () => {
      const res = await checked(request(f.app).get('/suggest?q=tolst&limit=3'));
      const authors = res.body.suggestions.filter((s: { kind: string }) => s.kind === 'author');
      expect(authors.length).toBeGreaterThan(0);
      for (const a of authors) expect(a.text).toMatch(/^Tolstoy/);
    });

    test('when one letter is typed, then there are no suggestions yet', async () => {
      const res = await checked(request(f.app).get('/suggest?q=w'));
      expect(res.body).toEqual({ q: 'w', suggestions: [] });
    });

    test.each([
      ['', 'q'],
      ['?q=wa&limit=21', 'limit'],
      ['?q=wa&limit=x', 'limit'],
    ])('when the query is %j, then 400 names %s', async (query, parameter) => {
      const res = await checked(request(f.app).get(`/suggest${query}`));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].parameter).toBe(parameter);
    });
  });

  describe('GET /browse/{index}', () => {
    test('when authors are browsed from a name, then entries around it come back with the anchor', async () => {
      const res = await checked(request(f.app).get('/browse/author?from=Tolstoy&before=2&after=3'));
      expect(res.body.index).toBe('author');
      expect(res.body.anchor).toBe(2);
      expect(res.body.entries[2].heading).toMatch(/^Tolstoy/);
    });

    test.each(['title', 'subject', 'callnumber'])(
      'when the %s index is browsed, then entries come back',
      async (index) => {
        const res = await checked(request(f.app).get(`/browse/${index}?after=5`));
        expect(res.body.entries.length).toBeGreaterThan(0);
      },
    );

    test('when call numbers are browsed in one scheme, then only that scheme comes back', async () => {
      const res = await checked(request(f.app).get('/browse/callnumber?scheme=lc&from=PS1010'));
      for (const e of res.body.entries) expect(e.scheme).toBe('lc');
    });

    test.each([
      ['/browse/publisher', 'index', 'invalid_parameter'],
      ['/browse/author?before=101', 'before', 'invalid_browse_limit'],
      ['/browse/author?after=-1', 'after', 'invalid_browse_limit'],
      ['/browse/callnumber?scheme=udc', 'scheme', 'invalid_parameter'],
      ['/browse/author?from=' + 'a'.repeat(501), 'from', 'invalid_parameter'],
    ])('when %s, then 400 names %s with %s', async (url, parameter, code) => {
      const res = await checked(request(f.app).get(url));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors[0].parameter).toBe(parameter);
    });
  });
});
