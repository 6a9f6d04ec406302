import Database from 'better-sqlite3';
import express from 'express';
import request from 'supertest';
import { createAuth } from '../../../src/api/security/auth.middleware';
import { createKeyStore } from '../../../src/api/security/sqlite.key-store';
import { AppError } from '../../../src/errors/app-error';
import { createLogger } from '../../../src/logging/logger';
import { requestIdOf, requestLogging, requestLoggerOf } from '../../../src/api/request-logging.middleware';
import { testApp } from './security-test-app';

/** A logger writing JSON lines into an array. */
function capturedLogger(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: level }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('request logging', () => {
  let db: Database.Database;
  let secret: string;
  let keyId: string;
  const log = capturedLogger();

  const app = testApp((a) => {
    a.use(requestLogging(log.logger));
    a.use((req, res, next) => auth.authenticate(req, res, next));
    const v1 = express.Router();
    v1.get('/records/:id', (_req, res) => {
      requestLoggerOf(res).info({ note: 'inside' }, 'handler');
      res.json({ id: requestIdOf(res) });
    });
    v1.get('/broken', () => {
      throw new Error('boom');
    });
    v1.get('/missing/:id', (_req, _res, next) => next(new AppError('record_not_found', 'no such record')));
    a.use('/v1', v1);
  });
  let auth: ReturnType<typeof createAuth>;

  beforeAll(async () => {
    db = new Database(':memory:');
    const keys = createKeyStore(db);
    const created = await keys.create({ name: 'desk', role: 'staff' });
    secret = created.secret;
    keyId = created.key.id;
    auth = createAuth(keys);
  });
  afterAll(() => db.close());
  beforeEach(() => log.lines.splice(0));

  test('when a keyed request is logged, then the line has route, status, duration, role and key id but no key', async () => {
    const res = await request(app)
      .get('/v1/records/rec123?q=patron+reading+habits')
      .set('Authorization', `Bearer ${secret}`)
      .set('X-API-Key', secret)
      .set('Cookie', 'session=abc');

    expect(res.status).toBe(200);
    const line = log.entries().find((e) => e.msg === 'request')!;
    expect(line).toMatchObject({
      method: 'GET',
      route: '/v1/records/:id',
      status: 200,
      role: 'staff',
      keyId,
      reqId: res.headers['x-request-id'],
    });
    expect(typeof line.durationMs).toBe('number');
    const all = log.lines.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(secret.slice(4, 12));
    expect(all).not.toContain('reading');
    expect(all).not.toContain('session=abc');
    expect(all).not.toContain('rec123');
  });

  test('when a handler logs through the request logger, then its line carries the same request id', async () => {
    const res = await request(app).get('/v1/records/1');

    const ids = log.entries().map((e) => e.reqId);
    expect(ids).toEqual([res.headers['x-request-id'], res.headers['x-request-id']]);
    expect(res.body.id).toBe(res.headers['x-request-id']);
  });

  test('when the caller sends a sane X-Request-Id, then it is used and echoed', async () => {
    const res = await request(app).get('/v1/records/1').set('X-Request-Id', 'trace-42.abc:1');

    expect(res.headers['x-request-id']).toBe('trace-42.abc:1');
    expect(log.entries().at(-1)?.reqId).toBe('trace-42.abc:1');
  });

  test.each([
    ['a line break', 'abc\tdef'],
    ['spaces', 'a b c'],
    ['an overlong value', 'x'.repeat(129)],
  ])('when the incoming X-Request-Id has %s, then a fresh UUID replaces it', async (_label, incoming) => {
    const res = await request(app).get('/v1/records/1').set('X-Request-Id', incoming);

    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when no route matches, then the path is logged with identifier-like segments masked', async () => {
    await request(app).get('/v1/patrons/21000123456/loans?email=a@b.org');

    const line = log.entries().at(-1)!;
    expect(line).toMatchObject({ status: 404, path: '/v1/patrons/:masked/loans' });
    expect(JSON.stringify(line)).not.toContain('21000123456');
    expect(JSON.stringify(line)).not.toContain('a@b.org');
  });

  test('when a handler throws, then the line is logged at error level with status 500', async () => {
    await request(app).get('/v1/broken');

    expect(log.entries().at(-1)).toMatchObject({ level: 50, status: 500, route: '/v1/broken' });
  });

  test('when an error is forwarded out of a router, then the route template is still logged', async () => {
    await request(app).get('/v1/missing/abc');

    expect(log.entries().at(-1)).toMatchObject({ status: 404, route: '/v1/missing/:id' });
  });
});

describe('logger redaction', () => {
  test('when code logs headers, bodies or patron fields, then they are censored', () => {
    const log = capturedLogger();

    log.logger.info(
      {
        req: { headers: { authorization: 'Bearer stk_secret', 'x-api-key': 'stk_secret', cookie: 'c=1' } },
        body: { barcode: '21000123456' },
        query: { q: 'private reading' },
        patron: { name: 'Ann Reader' },
        loan: { barcode: '21000999999', email: 'ann@example.org' },
        secret: 'stk_secret',
      },
      'careless',
    );

    const text = log.lines.join('');
    for (const leaked of [
      'stk_secret',
      'c=1',
      '21000123456',
      'private reading',
      'Ann Reader',
      '21000999999',
      'ann@',
    ]) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('[redacted]');
  });

  test('when the level is warn, then info lines are not written', () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'warn' }, { write: (l: string) => void lines.push(l) });

    logger.info('quiet');
    logger.warn('loud');

    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });
});
