import request from 'supertest';
import { encodeCursor } from '../../src/search/common/cursor';
import { EMBEDDED_TARGET } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';
import { expectCleanProblem, staff } from './support/raw-http';

// The HTTP layer only: no backend changes what these answer, so the embedded pair is enough.
describe('hostile values and paths', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(EMBEDDED_TARGET, {}, 5);
  });
  afterAll(() => f.close());

  describe('malformed percent-encoding in a path', () => {
    test.each([
      '/records/%',
      '/records/%ff%fe',
      '/records/%E0%A4%A',
      '/browse/%',
      '/jobs/%',
      '/jobs/%ff/report',
    ])('when GET %s, then 400 problem+json', async (url) => {
      const res = await request(f.app).get(url).set(staff);
      expectCleanProblem(res, 400, 'invalid_parameter');
      expect(res.body.errors[0]).toMatchObject({ in: 'path', parameter: expect.any(String) });
    });

    test('when DELETE /records/% (staff), then 400 problem+json', async () => {
      const res = await request(f.app).delete('/records/%').set(staff);
      expectCleanProblem(res, 400, 'invalid_parameter');
    });
  });

  describe('bad values are echoed once, truncated', () => {
    test('when q is 10,000 characters, then the error is small and holds the value once', async () => {
      const q = 'x'.repeat(10_000);
      const res = await checked(request(f.app).get('/search').query({ q }));
      expect(res.status).toBe(400);
      expect(res.text.length).toBeLessThan(2000);
      expect(res.text.match(/x{50,}/g)).toHaveLength(1);
      expect(res.body.errors[0].value).toMatch(/^x+…$/);
    });

    test('when a cursor of 2,000 characters is refused, then it is echoed once, truncated', async () => {
      const res = await checked(
        request(f.app)
          .get('/search')
          .query({ cursor: 'A'.repeat(2000) }),
      );
      expect(res.status).toBe(400);
      expect(res.text.length).toBeLessThan(2000);
      expect(res.text.match(/A{50,}/g)).toHaveLength(1);
    });

    test('when a POST /search body value is long, then it is echoed once, truncated', async () => {
      const res = await checked(
        request(f.app)
          .post('/search')
          .send({ q: 'y'.repeat(5000) }),
      );
      expect(res.status).toBe(400);
      expect(res.text.length).toBeLessThan(2000);
      expect(res.text.match(/y{50,}/g)).toHaveLength(1);
    });
  });

  describe('cursors', () => {
    test.each([
      ['a text value for a date sort', 'date', { sort: 'date', value: 'zzz', id: 'x' }],
      ['a number for a title sort', 'title', { sort: 'title', value: 12, id: 'x' }],
      ['a year far out of range', 'date', { sort: 'date', value: 1e300, id: 'x' }],
      ['an empty id', 'title', { sort: 'title', value: 'a', id: '' }],
    ] as const)('when the cursor holds %s, then 400 invalid_search_cursor', async (_what, sort, state) => {
      const cursor = encodeCursor(state as Parameters<typeof encodeCursor>[0]);
      const res = await checked(request(f.app).get('/search').query({ sort, cursor }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_search_cursor');
    });

    test('when a cursor is not even an object, then 400 invalid_search_cursor', async () => {
      const cursor = Buffer.from('[1,2]').toString('base64url');
      const res = await checked(request(f.app).post('/search').send({ cursor }));
      expect(res.body.code).toBe('invalid_search_cursor');
    });
  });
});
