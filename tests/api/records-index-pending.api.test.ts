import Database from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { Backends } from '../../src/backends/backends';
import { composeBackends } from '../../src/backends/composed.backends';
import { catchUpIndex } from '../../src/backends/index-catch-up';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { createSqliteCirculationStore } from '../../src/circulation/sqlite/sqlite.circulation-store';
import { createSqliteItemStore } from '../../src/items/sqlite/sqlite.item-store';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import { createSqliteRecordStore } from '../../src/store/sqlite/sqlite.record-store';
import { FlakyIndex } from '../support/flaky-index';
import { syntheticRecord } from '../support/synthetic';
import { checked, headerRoleSecurity } from './support/api-fixture';

const staff = { 'x-test-role': 'staff', 'content-type': 'application/marcxml+xml' };
const path = (id: string) => `/records/${encodeURIComponent(id)}`;

/**
 * Single-record writes on a composed pair (a store with an outbox and an index that is not in its
 * transaction) while the index is down: stored, answered with their normal status and the pending
 * marker, and indexed by the catch-up later. The index is a double that fails on demand; the real
 * engine going away is tests/e2e/index-outage.test.ts.
 */
describe('record writes while the search index is down', () => {
  let index: FlakyIndex;
  let backends: Backends;
  let app: ReturnType<typeof createApp>;
  beforeEach(() => {
    index = new FlakyIndex();
    const db = new Database(':memory:');
    const store = createSqliteRecordStore(db);
    const items = createSqliteItemStore(db);
    const patrons = createSqlitePatronStore(db);
    backends = composeBackends({
      store,
      index: index.asPort(),
      items,
      circulation: createSqliteCirculationStore(db),
      patrons,
      describe: 'test',
      outbox: { restMs: 0 },
    });
    app = createApp({ backends, security: headerRoleSecurity(), onUnexpected: () => undefined });
  });

  test('when the index answers, then writes carry no pending marker', async () => {
    const res = await checked(
      request(app)
        .post('/records')
        .set(staff)
        .send(toMarcXml(syntheticRecord(1))),
    );

    expect(res.status).toBe(201);
    expect(res.headers['stacks-index-pending']).toBeUndefined();
    expect(res.body.indexPending).toBeUndefined();
    expect(await backends.store.pendingIndexCount()).toBe(0);
  });

  test('when POST /records is sent, then 201 with indexPending and the header, and the catch-up indexes it', async () => {
    index.down = true;

    const res = await checked(
      request(app)
        .post('/records')
        .set(staff)
        .send(toMarcXml(syntheticRecord(1))),
    );

    expect(res.status).toBe(201);
    expect(res.headers['stacks-index-pending']).toBe('1');
    expect(res.body).toMatchObject({ id: 'syn0000001', version: 1, outcome: 'created', indexPending: true });
    expect((await checked(request(app).get(path('syn0000001')))).status).toBe(200);
    expect(await backends.store.pendingIndexCount()).toBe(1);
    expect((await checked(request(app).get('/ready'))).status).toBe(503);

    index.down = false;
    await catchUpIndex(backends);

    expect(index.docs.has('syn0000001')).toBe(true);
    expect((await checked(request(app).get('/ready'))).body).toMatchObject({ status: 'ready', indexLag: 0 });
  });

  test('when PUT replaces and DELETE removes, then 200 and 204 with the header, both pending', async () => {
    for (const n of [1, 2])
      await request(app)
        .post('/records')
        .set(staff)
        .send(toMarcXml(syntheticRecord(n)));
    index.down = true;
    const changed = syntheticRecord(1);
    changed.fields.push({ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Changed.' }] });

    const put = await checked(request(app).put(path('syn0000001')).set(staff).send(toMarcXml(changed)));
    const del = await checked(request(app).delete(path('syn0000002')).set(staff));

    expect(put.status).toBe(200);
    expect(put.headers['stacks-index-pending']).toBe('1');
    expect(put.body).toMatchObject({ outcome: 'updated', version: 2, indexPending: true });
    expect(del.status).toBe(204);
    expect(del.headers['stacks-index-pending']).toBe('1');
    expect(await backends.store.pendingIndexCount()).toBe(2);

    index.down = false;
    expect(await catchUpIndex(backends)).toEqual({ indexed: 1, removed: 1, refused: 0 });
    expect(index.docs.has('syn0000002')).toBe(false);
  });

  test('when the store fails, then the write is an error, not pending', async () => {
    index.down = true;
    backends.store.upsertMany = () => Promise.reject(new Error('disk gone'));

    const res = await checked(
      request(app)
        .post('/records')
        .set(staff)
        .send(toMarcXml(syntheticRecord(1))),
    );

    expect(res.status).toBe(500);
    expect(res.headers['stacks-index-pending']).toBeUndefined();
  });
});
