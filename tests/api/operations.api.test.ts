import request from 'supertest';
import { createApp } from '../../src/api/app';
import { loadSpec } from '../../src/api/openapi/openapi.spec';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { syntheticRecord } from '../support/synthetic';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';

const map = createDefaultMapper();

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 3);
  });
  afterAll(() => f.close());

  describe('health, readiness, metrics', () => {
    test('when /health is asked, then ok', async () => {
      expect((await checked(request(f.app).get('/health'))).body).toEqual({ status: 'ok' });
    });

    test('when the store and index answer, then /ready says ready with the record count', async () => {
      const res = await checked(request(f.app).get('/ready'));
      expect(res.body).toEqual({
        status: 'ready',
        checks: { store: 'ok', index: 'ok' },
        records: 6,
        indexLag: 0,
      });
    });

    // The embedded pair has no lag to show: its index commits with the store.
    (target.embedded ? test.skip : test)(
      'when a record is stored but not yet indexed, then /ready is still ready and reports the lag',
      async () => {
        const [written] = await f.backends.store.upsertMany([
          { record: syntheticRecord(900), document: map(syntheticRecord(900)) },
        ]);
        try {
          const res = await checked(request(f.app).get('/ready'));
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ status: 'ready', records: 7, indexLag: 1 });
        } finally {
          await f.backends.store.deleteMany([written!.id]);
          await f.backends.store.markIndexed([{ id: written!.id, version: written!.version + 1 }]);
        }
      },
    );

    test('when the server is draining before it stops, then /ready is a 503 shutting_down and /health still ok', async () => {
      const app = createApp({
        backends: f.backends,
        shuttingDown: () => true,
        onUnexpected: () => undefined,
      });

      const ready = await checked(request(app).get('/ready'));
      const health = await checked(request(app).get('/health'));

      expect(ready.status).toBe(503);
      expect(ready.body.code).toBe('shutting_down');
      expect(health.status).toBe(200);
    });

    test('when the index fails, then /ready is a 503 index_unavailable without internals', async () => {
      const broken = {
        ...f.backends,
        index: { ...f.backends.index, count: () => Promise.reject(new Error('disk /secret/path gone')) },
      };
      const app = createApp({ backends: broken, onUnexpected: () => undefined });
      const res = await checked(request(app).get('/ready'));
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('index_unavailable');
      expect(res.text).not.toContain('/secret/path');
    });

    test('when staff scrape /metrics, then requests and latencies are counted by route template', async () => {
      await request(f.app).get(`/records/${encodeURIComponent('(StK)stk000001')}`);
      const res = await checked(request(f.app).get('/metrics').set('x-test-role', 'staff'));
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain(
        'stacks_http_requests_total{method="GET",route="/records/{id}",status="200"} 1',
      );
      expect(res.text).toContain('stacks_http_request_duration_seconds_bucket');
      expect(res.text).not.toContain('stk000001');
    });
  });

  describe('reference', () => {
    test('when /openapi.json is asked, then it is openapi.yaml as JSON', async () => {
      const res = await checked(request(f.app).get('/openapi.json'));
      expect(res.body).toEqual(loadSpec().document);
    });

    test('when /docs is asked, then a page loads Swagger UI from this server only', async () => {
      const page = await checked(request(f.app).get('/docs'));
      const scripts = [...page.text.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']);
      for (const src of scripts) expect((await request(f.app).get(src as string)).status).toBe(200);
      expect((await request(f.app).get('/docs/assets/index.html')).status).toBe(404);
    });
  });

  describe('errors', () => {
    test('when the path is unknown, then 404 route_not_found as problem+json', async () => {
      const res = await checked(request(f.app).get('/nowhere'));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: 'urn:stacks:problem:route_not_found', instance: '/nowhere' });
    });

    test('when the method is not defined on a path, then 405 with Allow', async () => {
      const res = await checked(request(f.app).patch('/search'));
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
    });

    test('when something unexpected throws, then 500 with a generic detail and the request id, and the error is reported', async () => {
      const seen: unknown[] = [];
      const failing = {
        ...f.backends,
        index: {
          ...f.backends.index,
          search: () => Promise.reject(new Error('SQLITE_CORRUPT at /data/x.db')),
        },
      };
      const app = createApp({
        backends: failing,
        security: headerRoleSecurity(),
        onUnexpected: (err) => seen.push(err),
      });
      const res = await checked(request(app).get('/search?q=war').set('x-request-id', 'ignored-by-fallback'));
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('internal_error');
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
      expect(res.body.detail).toContain(res.body.requestId);
      expect(res.text).not.toContain('SQLITE_CORRUPT');
      expect(seen).toHaveLength(1);
    });
  });
});
