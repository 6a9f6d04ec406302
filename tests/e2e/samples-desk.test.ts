import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openKeyStore } from '../../src/api/security/sqlite.key-store';
import { serve, type Serving } from '../../src/cli/serve.command';

/**
 * `npm start` on a fresh catalog: the sample records, then the sample desk (ingest/samples/desk/),
 * applied through the circulation service. Read back over HTTP with a staff key, as the desk would.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-desk-'));
let serving: Serving;
let base: string;
let secret: string;
const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

beforeAll(async () => {
  process.env.LOG_LEVEL = 'silent';
  const db = path.join(dir, 'catalog.db');
  const { keys, close } = openKeyStore(db);
  secret = (await keys.create({ name: 'desk', role: 'staff' })).secret;
  close();
  serving = await serve({ db, port: '0' }, { rateLimits: false });
  base = `http://127.0.0.1:${(serving.server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await serving?.stop();
  out.mockRestore();
  delete process.env.LOG_LEVEL;
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read loosely
async function get(urlPath: string): Promise<any> {
  const res = await fetch(`${base}${urlPath}`, { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status).toBe(200);
  return res.json();
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const record = (id: string) => encodeURIComponent(`(StKS)${id}`);

describe('the sample desk after npm start', () => {
  test('when the patrons are listed, then the six fictional patrons are there: blocked, expired and keeping history among them', async () => {
    const { patrons } = await get('/patrons?limit=100');
    expect(patrons).toHaveLength(6);
    expect(patrons.every((p: { email: string }) => p.email.endsWith('@example.org'))).toBe(true);
    expect(patrons.map((p: { patronType: string }) => p.patronType).sort()).toEqual(
      ['adult', 'adult', 'adult', 'adult', 'child', 'staff'].sort(),
    );
    const blocked = await get('/patrons/21000000000015');
    expect(blocked.block.reason).toMatch(/overdue/);
    expect((await get('/patrons/21000000000016')).expiry < today()).toBe(true);
    expect((await get('/patrons/21000000000011')).keepHistory).toBe(true);
  });

  test('when the overdue loans are listed, then the blocked patron’s loan is one of them', async () => {
    const { loans } = await get('/circulation/loans/overdue');
    expect(loans).toEqual([
      expect.objectContaining({
        recordId: '(StKS)stk001016',
        patronBarcode: '21000000000015',
        overdue: true,
      }),
    ]);
  });

  test('when the loans due this week are listed, then the renewed loan is there', async () => {
    const { loans } = await get(`/circulation/loans/due?from=${today()}&to=${inDays(7)}`);
    expect(loans).toEqual([
      expect.objectContaining({ recordId: '(StKS)stk001001', patronBarcode: '21000000000011', renewals: 1 }),
    ]);
  });

  test('when a patron’s loans are read, then the bookmobile loan carries its location', async () => {
    const { loans } = await get('/patrons/21000000000012/loans');
    expect(loans).toEqual([
      expect.objectContaining({ recordId: '(StKS)stk001003', location: 'MAIN/BOOKMOBILE', library: 'MAIN' }),
    ]);
  });

  test('when the expired and the blocked patrons borrow, then the desk refuses: the one overridable, the other not', async () => {
    const checkOut = (patronBarcode: string) =>
      fetch(`${base}/circulation/checkouts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ itemBarcode: '300101501', patronBarcode }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { errors: unknown[] } }));
    const expired = await checkOut('21000000000016');
    const blocked = await checkOut('21000000000015');
    expect(expired).toMatchObject({ status: 409, body: { code: 'patron_expired' } });
    expect(expired.body.errors).toEqual([expect.objectContaining({ overridable: true })]);
    expect(blocked).toMatchObject({ status: 409, body: { code: 'patron_blocked' } });
    expect(blocked.body.errors).toEqual([expect.objectContaining({ overridable: false })]);
  });

  test('when the hold queues are read, then one hold waits for a record whose copies are all out, one is on the hold shelf', async () => {
    const waiting = await get(`/records/${record('stk001009')}/holds`);
    expect(waiting.holds).toEqual([
      expect.objectContaining({
        status: 'waiting',
        patronBarcode: '21000000000013',
        pickupLibrary: 'BRANCH',
      }),
    ]);
    const items = await get(`/records/${record('stk001009')}/items`);
    expect(items.items.map((i: { status: string }) => i.status)).toEqual(['checked-out']);

    const trapped = await get(`/records/${record('stk001007')}/holds`);
    expect(trapped.holds).toEqual([
      expect.objectContaining({
        status: 'on-hold-shelf',
        patronBarcode: '21000000000012',
        pickupLibrary: 'MAIN',
      }),
    ]);
    expect(trapped.holds[0].shelfExpiresAt >= today()).toBe(true);
  });
});
