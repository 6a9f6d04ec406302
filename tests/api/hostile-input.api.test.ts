import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import request, { type Response } from 'supertest';
import { createApp } from '../../src/api/app';
import { answerClientErrors } from '../../src/api/client-error';
import { requestLogging } from '../../src/logging/request-logging.middleware';
import { encodeCursor } from '../../src/search/common/cursor';
import { createJobService, type JobServiceHandle } from '../../src/jobs/job.service';
import { createDefaultMapper } from '../../src/mapping/default-mapper';
import { syntheticFile } from '../support/synthetic';
import { EMBEDDED_TARGET, type Catalog } from './support/api-backends';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';

const staff = { 'x-test-role': 'staff' };

/** Stack frames, absolute paths or an HTML page: what an error body must never hold. */
const LEAKS = /node_modules|\/work\/|\/src\/|\.[jt]s:\d+|\bat [\w.<>]+ \(|<html|<pre>|RangeError|URIError/i;

function expectCleanProblem(res: Response, status: number, code?: string): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(LEAKS);
  expect(res.status).toBe(status);
  const body = JSON.parse(res.text) as { status: number; code: string };
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
}

function nested(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown>;
}

/**
 * One request with exactly these bytes and headers (supertest re-serialises a Buffer sent as
 * JSON), as a supertest-like response for expectCleanProblem.
 */
async function sendBytes(
  app: ReturnType<typeof createApp>,
  method: string,
  url: string,
  headers: Record<string, string>,
  bytes: Buffer,
): Promise<Response> {
  const server = await listen(app);
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<RawAnswer>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: url,
          headers: { ...headers, 'content-length': bytes.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const body = /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : {};
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
    return answer as unknown as Response;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A request the test writes by hand, for what supertest cannot send (lying lengths, hang-ups). */
function listen(app: ReturnType<typeof createApp>): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// The HTTP layer only: no backend changes what these answer, so the embedded pair is enough.
const target = EMBEDDED_TARGET;

describe('hostile requests', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 5);
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

describe('hostile uploads', () => {
  let dir: string;
  let catalog: Catalog;
  let jobs: JobServiceHandle;
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-api-hostile-'));
    catalog = await target.open();
    const map = createDefaultMapper();
    jobs = createJobService({
      db: catalog.db,
      backends: catalog.backends,
      map,
      uploadDir: path.join(dir, 'up'),
    });
    app = createApp({
      backends: catalog.backends,
      jobs,
      map,
      security: headerRoleSecurity(),
      onUnexpected: () => undefined,
    });
  });

  afterEach(async () => {
    await jobs.close();
    await catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('POST /ingest with a Content-Encoding', () => {
    test('when the upload is gzip-compressed, then the job reads the records inside', async () => {
      const res = await checked(
        request(app)
          .post('/ingest')
          .set(staff)
          .set('content-type', 'application/marc')
          .set('content-encoding', 'gzip')
          .send(gzipSync(syntheticFile(7))),
      );
      expect(res.status).toBe(202);
      await jobs.idle();
      const job = await checked(request(app).get(`/jobs/${res.body.jobId}`).set(staff));
      expect(job.body).toMatchObject({ state: 'succeeded', progress: { records: 7 } });
    });

    test('when the upload does not decompress, then 400 bad_content_encoding and no job', async () => {
      const res = await request(app)
        .post('/ingest')
        .set(staff)
        .set('content-type', 'application/marc')
        .set('content-encoding', 'gzip')
        .send(syntheticFile(3));
      expectCleanProblem(res, 400, 'bad_content_encoding');
      expect((await request(app).get('/jobs').set(staff)).body.jobs).toEqual([]);
    });

    test('when the client hangs up mid-upload, then it is logged at info, not as an unexpected error', async () => {
      const lines: { level: number; msg: string }[] = [];
      const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      const unexpected: unknown[] = [];
      const logged = createApp({
        backends: catalog.backends,
        jobs,
        security: { ...headerRoleSecurity(), early: [requestLogging(logger)] },
        onUnexpected: (err) => void unexpected.push(err),
      });
      const server = await listen(logged);
      const { port } = server.address() as AddressInfo;
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/ingest',
        headers: { ...staff, 'content-type': 'application/marc', 'content-length': '1000000' },
      });
      req.on('error', () => undefined);
      req.write(syntheticFile(2), () => setImmediate(() => req.destroy()));
      // No clock: wait for the server's own account of the request, however long it takes.
      while (!lines.some((l) => l.msg.includes('client closed'))) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      expect(unexpected).toEqual([]);
      expect(lines.filter((l) => l.level > 30)).toEqual([]);
      expect(lines.map((l) => l.msg)).not.toContain('unexpected error');
    });

    test('when the encoding is unknown, then 415 and no job', async () => {
      const res = await request(app)
        .post('/ingest')
        .set(staff)
        .set('content-type', 'application/marc')
        .set('content-encoding', 'compress')
        .send(syntheticFile(3));
      expectCleanProblem(res, 415, 'unsupported_media_type');
      expect((await request(app).get('/jobs').set(staff)).body.jobs).toEqual([]);
    });
  });
});
