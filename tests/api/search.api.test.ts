import request from 'supertest';
import { FACET_FIELDS } from '../../src/search/port';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target);
  });
  afterAll(() => f.close());

  describe('GET /search', () => {
    test('when q names words, then hits, total, paging fields and the canonical query come back', async () => {
      const res = await checked(request(f.app).get('/search').query({ q: 'war', limit: 2 }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ query: 'war', offset: 0, limit: 2 });
      expect(res.body.total).toBeGreaterThan(2);
      expect(res.body.hits).toHaveLength(2);
      expect(res.body.hits[0]).toEqual(
        expect.objectContaining({ id: expect.any(String), authors: expect.any(Array) }),
      );
    });

    test('when facets and filters are given, then counts come back and the filter narrows the hits', async () => {
      const all = await checked(request(f.app).get('/search?facets=format,language&facetLimit=5'));
      const filtered = await checked(request(f.app).get('/search?filter=language:fre&filter=language:rus'));
      expect(all.body.facets.format[0]).toEqual({ value: expect.any(String), count: expect.any(Number) });
      expect(all.body.facets.language.length).toBeLessThanOrEqual(5);
      expect(filtered.body.total).toBeGreaterThan(0);
      expect(filtered.body.total).toBeLessThan(all.body.total);
    });

    test('when every facet is asked at once, then each comes back; local is empty under the default profile', async () => {
      const every = FACET_FIELDS.join(',');
      const res = await checked(request(f.app).get(`/search?facets=${every}&filter=local:none`));
      expect(Object.keys(res.body.facets).sort()).toEqual([...FACET_FIELDS].sort());
      expect(res.body.total).toBe(0);
      const all = await checked(request(f.app).get('/search?facets=local'));
      expect(all.body.facets.local).toEqual([]);
    });

    test('when highlight is on, then matched words are marked', async () => {
      const res = await checked(request(f.app).get('/search?q=peace&highlight=true'));
      expect(JSON.stringify(res.body.hits[0].highlight)).toContain('<mark>');
    });

    test('when a year range is given, then only hits inside it come back', async () => {
      const res = await checked(request(f.app).get('/search?yearFrom=1800&yearTo=1810&limit=100'));
      expect(res.body.total).toBeGreaterThan(0);
      for (const hit of res.body.hits) expect(hit.year).toBeGreaterThanOrEqual(1800);
      for (const hit of res.body.hits) expect(hit.year).toBeLessThanOrEqual(1810);
    });

    test('when sorted by title with a cursor, then the next page continues where the first ended', async () => {
      const first = await checked(request(f.app).get('/search?sort=title&limit=5'));
      const next = await checked(
        request(f.app).get('/search').query({ sort: 'title', limit: 5, cursor: first.body.nextCursor }),
      );
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const ids = [...first.body.hits, ...next.body.hits].map((h: { id: string }) => h.id);
      expect(new Set(ids).size).toBe(10);
    });

    test.each([
      ['limit', '0', 'invalid_search_limit'],
      ['limit', '101', 'invalid_search_limit'],
      ['limit', 'ten', 'invalid_search_limit'],
      ['offset', '-1', 'invalid_search_offset'],
      ['offset', '10001', 'invalid_search_offset'],
      ['sort', 'shelf', 'invalid_search_sort'],
      ['facets', 'colour', 'invalid_search_facet'],
      ['facetLimit', '0', 'invalid_search_facet'],
      ['filter', 'colour:red', 'invalid_search_facet'],
      ['filter', 'format', 'invalid_search_facet'],
      ['cursor', 'not-a-cursor', 'invalid_search_cursor'],
      ['highlight', 'maybe', 'invalid_parameter'],
      ['yearFrom', '1999.5', 'invalid_search_query'],
      ['yearTo', '10000', 'invalid_search_query'],
      ['q', 'title:(war', 'invalid_query'],
      ['q', 'x'.repeat(1001), 'invalid_search_query'],
      ['color', 'red', 'unknown_parameter'],
    ])(
      'when %s has a bad value (case %#), then a 400 problem names it with code %s',
      async (name, value, code) => {
        const res = await checked(
          request(f.app)
            .get('/search')
            .query({ [name]: value }),
        );
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe(code);
        expect(res.body.detail).toContain(name === 'q' && code === 'invalid_query' ? 'position' : name);
      },
    );

    test('when a parameter is bad, then errors[] names the parameter and the value given', async () => {
      const res = await checked(request(f.app).get('/search?limit=500'));
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          code: 'invalid_search_limit',
          in: 'query',
          parameter: 'limit',
          value: '500',
        }),
      ]);
      expect(res.body.detail).toContain('"500"');
    });

    test('when yearFrom is after yearTo, then the range is refused', async () => {
      const res = await checked(request(f.app).get('/search?yearFrom=1900&yearTo=1800'));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_search_query');
    });
  });

  describe('POST /search', () => {
    test('when the body holds the same parameters, then the answer equals the GET one', async () => {
      const get = await checked(
        request(f.app).get('/search?q=tolstoy&filter=format:Book&facets=author&limit=3'),
      );
      const post = await checked(
        request(f.app)
          .post('/search')
          .send({ q: 'tolstoy', filter: { format: ['Book'] }, facets: ['author'], limit: 3 }),
      );
      expect({ ...post.body, took: 0 }).toEqual({ ...get.body, took: 0 });
    });

    test('when filters come as field:value strings, then they work as in the query string', async () => {
      const res = await checked(
        request(f.app)
          .post('/search')
          .send({ filter: ['language:fre'] }),
      );
      expect(res.body.total).toBeGreaterThan(0);
    });

    test.each([
      [{ limit: 0 }, 'invalid_search_limit', '/limit'],
      [{ offset: 'a' }, 'invalid_search_offset', '/offset'],
      [{ sort: 'shelf' }, 'invalid_search_sort', '/sort'],
      [{ facets: ['colour'] }, 'invalid_search_facet', '/facets/0'],
      [{ q: 5 }, 'invalid_search_query', '/q'],
      [{ colour: 'red' }, 'unknown_parameter', '/colour'],
    ])('when the body is %j, then a 400 with %s names %s', async (body, code, pointer) => {
      const res = await checked(request(f.app).post('/search').send(body));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ in: 'body', parameter: pointer }));
    });

    test('when the body is not JSON, then 400 invalid_body', async () => {
      const res = await checked(
        request(f.app).post('/search').set('content-type', 'application/json').send('{"q":'),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
    });

    test('when the body is not application/json, then 415', async () => {
      const res = await checked(
        request(f.app).post('/search').set('content-type', 'text/plain').send('q=war'),
      );
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
    });

    test('when the body is larger than the JSON limit, then 413', async () => {
      const res = await checked(
        request(f.app)
          .post('/search')
          .send({ q: 'x'.repeat(1024 * 1024 + 10) }),
      );
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
    });
  });
});
