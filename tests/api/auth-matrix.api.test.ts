import request from 'supertest';
import { createApp } from '../../src/api/app';
import { loadSpec, type SpecOperation } from '../../src/api/openapi/openapi.spec';
import { createAuth, createKeyStore } from '../../src/api/security';
import { ROLE_RANK, type Role } from '../../src/api/security/security.types';
import { describeApiBackends, type Catalog } from './support/api-backends';
import { checked, loadCatalog } from './support/api-fixture';

/**
 * The role × route matrix, with the real key store and auth middleware: every operation in
 * openapi.yaml is called as public, reader, staff and admin; below the operation's x-min-role the answer
 * is 401 (anonymous) or 403 (a weaker key), at or above it never either.
 */
const operations = [...loadSpec().operations.values()];
const ROLES: Role[] = ['public', 'reader', 'staff', 'admin'];

// The spec alone decides these, whatever the backends.
test('when every operation has an x-min-role, then the matrix covers the whole API', () => {
  for (const op of operations) expect(ROLES).toContain(op.minRole);
  expect(operations.filter((op) => op.minRole === 'staff').map((op) => op.operationId)).toEqual(
    expect.arrayContaining([
      'createRecord',
      'replaceRecord',
      'deleteRecord',
      'startIngest',
      'getJob',
      'getJobReport',
      'createItem',
      'patchItem',
      'changeItemStatus',
      'transferItems',
      'listItems',
      'findPatrons',
      'registerPatron',
      'getPatron',
      'patchPatron',
      'renewPatron',
      'blockPatron',
      'unblockPatron',
      'anonymisePatron',
    ]),
  );
});

test('when an operation writes or manages jobs, then a reader key is below its x-min-role', () => {
  const readable = operations.filter((op) => ROLE_RANK[op.minRole] <= ROLE_RANK.reader);

  // POSTs that only read: searches whose parameters may not fit in a URL (SRU and OAI-PMH take
  // them as a form).
  const readingPosts = ['searchPost', 'sruPost', 'oaiPost'];
  expect(readable.every((op) => op.method === 'get' || readingPosts.includes(op.operationId))).toBe(true);
  expect(readable.map((op) => op.operationId)).not.toEqual(
    expect.arrayContaining(['getJob', 'listJobs', 'metrics']),
  );
});

describeApiBackends((target) => {
  let catalog: Catalog;
  let app: ReturnType<typeof createApp>;
  const secrets: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    catalog = await target.open();
    const { backends, db } = catalog;
    await loadCatalog(backends, 3);
    const keys = createKeyStore(db);
    secrets.reader = (await keys.create({ name: 'matrix-reader', role: 'reader' })).secret;
    secrets.staff = (await keys.create({ name: 'matrix-staff', role: 'staff' })).secret;
    secrets.admin = (await keys.create({ name: 'matrix-admin', role: 'admin' })).secret;
    const auth = createAuth(keys);
    app = createApp({
      backends,
      security: { authenticate: auth.authenticate, requireRole: auth.requireRole },
      onUnexpected: () => undefined,
    });
  });
  afterAll(() => catalog.close());

  function call(op: SpecOperation, role: Role): request.Test {
    const url = op.path.replace('{index}', 'author').replace('{id}', encodeURIComponent('(StK)stk000001'));
    const query = op.operationId === 'suggest' ? '?q=wa' : '';
    const req = request(app)[op.method](url + query);
    const secret = secrets[role];
    return secret ? req.set('authorization', `Bearer ${secret}`) : req;
  }

  describe.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s',
    (_name, op) => {
      test.each(ROLES)(`when called as %s, then the ${op.minRole} minimum role decides`, async (role) => {
        const res = await checked(call(op, role));
        if (ROLE_RANK[role] >= ROLE_RANK[op.minRole]) {
          expect([401, 403]).not.toContain(res.status);
        } else {
          expect(res.status).toBe(role === 'public' ? 401 : 403);
          expect(res.body.code).toBe(role === 'public' ? 'unauthorized' : 'forbidden');
        }
      });
    },
  );

  test('when a reader key writes, then 403 forbidden; when it reads, then 200', async () => {
    const asReader = (req: request.Test) => req.set('authorization', `Bearer ${secrets.reader}`);
    const search = await checked(asReader(request(app).get('/search')));
    // The matrix above deleted a record; one the search still finds is there to read.
    const id = (search.body as { hits: { id: string }[] }).hits[0]!.id;
    const read = await checked(asReader(request(app).get(`/records/${encodeURIComponent(id)}`)));
    const write = await checked(asReader(request(app).delete(`/records/${encodeURIComponent(id)}`)));

    expect([search.status, read.status]).toEqual([200, 200]);
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('forbidden');
    expect(write.body.detail).toContain('staff');
  });

  test('when a revoked or unknown key is presented, then 401 even on a public route', async () => {
    const res = await checked(request(app).get('/search').set('authorization', 'Bearer stk_not_a_real_key'));
    expect(res.status).toBe(401);
  });
});
