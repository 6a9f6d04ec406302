import Database from 'better-sqlite3';
import type { Express } from 'express';
import request from 'supertest';
import { authOf, createAuth } from '../../../src/api/security/auth.middleware';
import type { Role } from '../../../src/api/security/security.types';
import { createKeyStore } from '../../../src/api/security/sqlite.key-store';
import { testApp } from './security-test-app';

describe('authentication and roles', () => {
  let db: Database.Database;
  let app: Express;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    db = new Database(':memory:');
    const keys = createKeyStore(db);
    secrets.reader = (await keys.create({ name: 'opac', role: 'reader' })).secret;
    secrets.staff = (await keys.create({ name: 'desk', role: 'staff' })).secret;
    secrets.admin = (await keys.create({ name: 'ops', role: 'admin' })).secret;
    const revoked = await keys.create({ name: 'old', role: 'admin' });
    await keys.revoke(revoked.key.id);
    secrets.revoked = revoked.secret;
    secrets.garbage = 'stk_typo';
    const auth = createAuth(keys);
    app = testApp((a) => {
      a.use(auth.authenticate);
      for (const role of ['public', 'reader', 'staff', 'admin'] as Role[]) {
        a.get(`/${role}`, auth.requireRole(role), (_req, res) => {
          res.json({ role: authOf(res).role, keyName: authOf(res).key?.name });
        });
      }
    });
  });
  afterAll(() => db.close());

  const matrix: [string, Role, number][] = [
    ['anonymous', 'public', 200],
    ['anonymous', 'reader', 401],
    ['anonymous', 'staff', 401],
    ['anonymous', 'admin', 401],
    ['reader', 'public', 200],
    ['reader', 'reader', 200],
    ['reader', 'staff', 403],
    ['reader', 'admin', 403],
    ['staff', 'public', 200],
    ['staff', 'reader', 200],
    ['staff', 'staff', 200],
    ['staff', 'admin', 403],
    ['admin', 'public', 200],
    ['admin', 'reader', 200],
    ['admin', 'staff', 200],
    ['admin', 'admin', 200],
    ['revoked', 'public', 401],
    ['revoked', 'staff', 401],
    ['revoked', 'admin', 401],
    ['garbage', 'public', 401],
    ['garbage', 'staff', 401],
    ['garbage', 'admin', 401],
  ];

  test.each(matrix)(
    'when a %s caller asks for a %s route, then the status is %i',
    async (caller, route, status) => {
      const req = request(app).get(`/${route}`);
      if (caller !== 'anonymous') req.set('Authorization', `Bearer ${secrets[caller]}`);

      const res = await req;

      expect(res.status).toBe(status);
      if (status === 401) expect(res.body.code).toBe('unauthorized');
      if (status === 403) expect(res.body.code).toBe('forbidden');
    },
  );

  test('when a key comes in X-API-Key, then it authenticates like a Bearer token', async () => {
    const res = await request(app).get('/staff').set('X-API-Key', secrets.staff!);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ role: 'staff', keyName: 'desk' });
  });

  test('when an anonymous caller reads a public route, then res.locals.auth says public', async () => {
    const res = await request(app).get('/public');

    expect(res.body).toEqual({ role: 'public' });
  });

  test('when a role is missing, then the 401 carries a Bearer challenge and names the role', async () => {
    const res = await request(app).get('/admin');

    expect(res.headers['www-authenticate']).toBe('Bearer realm="stacks"');
    expect(res.body.detail).toContain('admin');
  });

  test('when a presented key is bad, then the 401 says invalid_token and never echoes the key', async () => {
    const res = await request(app).get('/public').set('Authorization', `Bearer ${secrets.revoked}`);

    expect(res.headers['www-authenticate']).toBe('Bearer realm="stacks", error="invalid_token"');
    expect(JSON.stringify(res.body)).not.toContain(secrets.revoked);
    expect(JSON.stringify(res.headers)).not.toContain(secrets.revoked);
  });

  test.each([
    ['a Basic credential', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty X-API-Key', { 'X-API-Key': '' }],
    ['two different keys', { Authorization: 'Bearer stk_one', 'X-API-Key': 'stk_two' }],
  ])('when the request carries %s, then it is refused with 401', async (_label, headers) => {
    const res = await request(app)
      .get('/public')
      .set(headers as Record<string, string>);

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
  });

  test('when the same key comes in both headers, then it is accepted', async () => {
    const res = await request(app)
      .get('/staff')
      .set('Authorization', `bearer ${secrets.staff}`)
      .set('X-API-Key', secrets.staff!);

    expect(res.status).toBe(200);
  });

  test('when a keyed response goes out, then shared caches are told not to store it', async () => {
    const res = await request(app).get('/public').set('X-API-Key', secrets.staff!);

    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  test('when the key store fails, then the error goes to the error handler, not to public access', async () => {
    const failing = createAuth({
      create: jest.fn(),
      list: jest.fn(),
      revoke: jest.fn(),
      verify: () => Promise.reject(new Error('disk on fire')),
    });
    const broken = testApp((a) => {
      a.use(failing.authenticate);
      a.get('/public', (_req, res) => res.json({ ok: true }));
    });

    const res = await request(broken).get('/public').set('X-API-Key', secrets.staff!);

    expect(res.status).toBe(500);
  });
});
