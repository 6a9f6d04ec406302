import Database from 'better-sqlite3';
import request from 'supertest';
import type { AppSecurity } from '../../../src/api/app';
import { createSecurity } from '../../../src/api/security/security.factory';
import { createKeyStore } from '../../../src/api/security/sqlite.key-store';
import { createLogger } from '../../../src/logging/logger';
import { testApp } from './security-test-app';

describe('the assembled security middlewares', () => {
  const db = new Database(':memory:');
  const keys = createKeyStore(db);
  const lines: string[] = [];
  // Typed as the app's injection point, so a change on either side fails the type check here.
  const security: AppSecurity = createSecurity({
    config: { corsOrigins: '*' },
    keys,
    logger: createLogger({ logLevel: 'info' }, { write: (l: string) => void lines.push(l) }),
    rateLimits: { capacity: 2, refillPerSecond: 0.001 },
  });
  const app = testApp((a) => {
    a.use(...security.early!);
    a.use(security.authenticate);
    a.use(...security.afterAuth!);
    a.get('/records', (_req, res) => res.json([]));
    a.post('/records', security.requireRole('staff'), (_req, res) => res.status(201).json({}));
  });
  afterAll(() => db.close());

  test('when a public read arrives, then it gets a request id, security headers and rate limit headers', async () => {
    const res = await request(app).get('/records');

    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['ratelimit']).toBe('"public";r=1;t=1000');
  });

  test('when a browser preflights, then it is answered without a key and without spending a token', async () => {
    const preflight = () =>
      request(app)
        .options('/records')
        .set('Origin', 'https://opac.example.org')
        .set('Access-Control-Request-Method', 'POST');

    const first = await preflight();
    const second = await preflight();

    expect([first.status, second.status]).toEqual([204, 204]);
    expect(second.headers['ratelimit']).toBeUndefined();
  });

  test('when an anonymous caller writes, then the refusal is logged with its route template and status', async () => {
    lines.splice(0);

    const res = await request(app).post('/records');

    expect(res.status).toBe(401);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ method: 'POST', route: '/records', status: 401 });
  });
});
