import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { answerClientErrors } from '../../src/api/client-error';
import { EMBEDDED_TARGET } from './support/api-backends';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';
import { expectCleanProblem, listen, nested, sendBytes, staff } from './support/raw-http';

// The HTTP layer only: no backend changes what these answer, so the embedded pair is enough.
describe('hostile request bodies', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(EMBEDDED_TARGET, {}, 5);
  });
  afterAll(() => f.close());

  describe('JSON nested deeper than anything reasonable', () => {
    test.each([
      ['arrays in q', `{"q":${nested(5000)}}`],
      ['arrays in q, deeper', `{"q":${nested(100_000)}}`],
      ['objects in filter', `{"filter":${nested(4100, '{"a":', '}')}}`.replace(/\{"a":\}/, '{}')],
      ['a bare array', nested(100_000)],
      ['objects', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
    ])('when POST /search gets %s, then 400 problem+json without a stack trace', async (_what, body) => {
      const res = await request(f.app).post('/search').set('content-type', 'application/json').send(body);
      expectCleanProblem(res, 400, 'invalid_body');
      expect(res.body.detail).toMatch(/nest/);
    });

    test('when POST /records gets deeply nested MARC-in-JSON, then 400 problem+json', async () => {
      const body = `{"leader":"00000nam a2200000 a 4500","fields":${nested(4100)}}`;
      const res = await request(f.app)
        .post('/records')
        .set(staff)
        .set('content-type', 'application/json')
        .send(body);
      expectCleanProblem(res, 400, 'invalid_body');
    });

    test('when the JSON is nested at a reasonable depth, then it is validated as usual', async () => {
      const res = await checked(
        request(f.app)
          .post('/search')
          .send({ filter: { format: ['Book'] } }),
      );
      expect(res.status).toBe(200);
    });
  });

  describe('Content-Encoding', () => {
    test.each([
      ['gzip', 'POST', '/search'],
      ['br', 'POST', '/search'],
      ['deflate', 'POST', '/search'],
      ['gzip', 'POST', '/records'],
      ['br', 'PUT', '/records/x1'],
    ])(
      'when a %s body to %s %s does not decompress, then 400 bad_content_encoding',
      async (encoding, method, url) => {
        const res = await sendBytes(
          f.app,
          method,
          url,
          { ...staff, 'content-type': 'application/json', 'content-encoding': encoding },
          Buffer.from('this is not compressed at all, but it says it is'),
        );
        expectCleanProblem(res, 400, 'bad_content_encoding');
      },
    );

    test('when a gzip body is cut short, then 400 bad_content_encoding', async () => {
      const whole = gzipSync(JSON.stringify({ q: 'war '.repeat(200) }));
      const res = await sendBytes(
        f.app,
        'POST',
        '/search',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        whole.subarray(0, whole.length - 12),
      );
      expectCleanProblem(res, 400, 'bad_content_encoding');
    });

    test.each([
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
    ] as const)('when a body is properly %s-compressed, then it is read', async (encoding, compress) => {
      const res = await sendBytes(
        f.app,
        'POST',
        '/search',
        { 'content-type': 'application/json', 'content-encoding': encoding },
        compress(Buffer.from(JSON.stringify({ q: 'war', limit: 1 }))),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ query: 'war', limit: 1 });
    });

    test('when the encoding is one the server does not know, then 415', async () => {
      const res = await sendBytes(
        f.app,
        'POST',
        '/search',
        { 'content-type': 'application/json', 'content-encoding': 'compress' },
        Buffer.from('{}'),
      );
      expectCleanProblem(res, 415, 'unsupported_media_type');
    });
  });

  describe('a declared Content-Length over the limit', () => {
    let server: http.Server;
    beforeAll(async () => {
      server = await listen(
        createApp({
          backends: f.backends,
          security: headerRoleSecurity(),
          onUnexpected: () => undefined,
          limits: { jsonBytes: 1000, recordBytes: 1000 },
        }),
      );
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test.each([
      ['POST', '/search', 'application/json'],
      ['POST', '/records', 'application/marc'],
      ['PUT', '/records/x1', 'application/marc'],
    ])('when %s %s declares too many bytes, then 413 before the body is sent', async (method, url, type) => {
      const { port } = server.address() as AddressInfo;
      // Only the headers and a first chunk go out: an answer can only come before the rest.
      const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method,
          path: url,
          headers: { 'content-type': type, 'content-length': String(50 * 1024 * 1024), ...staff },
        });
        req.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body });
            req.destroy();
          });
        });
        req.on('error', reject);
        req.write('x'.repeat(100));
      });
      expect(answer.status).toBe(413);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body).code).toBe('payload_too_large');
    });
  });

  describe('requests the HTTP parser refuses', () => {
    test('when the URL is past the 16 KB header limit, then 431 problem+json', async () => {
      const server = await listen(f.app);
      answerClientErrors(server);
      try {
        const { port } = server.address() as AddressInfo;
        const answer = await new Promise<{ status: number; type: string; body: string }>(
          (resolve, reject) => {
            const req = http.get(
              { host: '127.0.0.1', port, path: `/search?q=${'w'.repeat(20_000)}` },
              (res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (c: string) => (body += c));
                res.on('end', () =>
                  resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
                );
              },
            );
            req.on('error', reject);
          },
        );
        expect(answer.status).toBe(431);
        expect(answer.type).toBe('application/problem+json');
        expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'headers_too_large' });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('anything else that escapes', () => {
    test('when the JSON is malformed, then 400 invalid_body problem+json', async () => {
      const res = await request(f.app).post('/search').set('content-type', 'application/json').send('{"q":');
      expectCleanProblem(res, 400, 'invalid_body');
    });

    test('when a route throws something unexpected, then 500 problem+json without the error', async () => {
      const app = createApp({
        backends: {
          ...f.backends,
          index: new Proxy(f.backends.index, {
            get: (t, p) =>
              p === 'search'
                ? () => {
                    throw new RangeError('Maximum call stack size exceeded at /work/secret/file.ts:12');
                  }
                : Reflect.get(t, p),
          }),
        },
        onUnexpected: () => undefined,
      });
      const res = await request(app).get('/search');
      expectCleanProblem(res, 500, 'internal_error');
    });
  });
});
