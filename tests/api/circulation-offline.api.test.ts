import request from 'supertest';
import { parseLoanRules } from '../../src/config/loan-rules.config';
import { createLoanPolicy } from '../../src/domain/circulation/loan-rules';
import type { NewItem } from '../../src/domain/items/item';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const STAFF = { 'x-test-role': 'staff' };
const RECORD = '(StK)stk000001';
const AT = '2026-11-01T09:00:00.000Z';

const policy = createLoanPolicy(
  parseLoanRules(
    `timezone: UTC
patronTypes: [adult]
itemTypes: [book]
holdShelfDays: 7
rules:
  - { patronType: adult, itemType: '*', days: 21, renewals: 1, maxItems: 10 }
`,
    'offline-test-rules.yaml',
  ),
);

function copy(barcode: string): NewItem {
  return {
    barcode,
    recordId: RECORD,
    location: { library: 'MAIN', shelf: 'STACKS' },
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
  };
}

const json = (fields: Record<string, string>): string => JSON.stringify(fields);

/** Out of time order on purpose; line 4 unreadable; P-BLOCKED blocked; W1 withdrawn. */
const FILE = [
  json({ id: 'bm-3', at: '2026-12-01T12:00:00Z', op: 'checkin', itemBarcode: 'B1' }),
  json({
    id: 'bm-1',
    at: '2026-12-01T10:00:00Z',
    op: 'checkout',
    itemBarcode: 'B1',
    patronBarcode: 'P-ANN',
    location: 'MAIN/BOOKMOBILE',
  }),
  json({
    id: 'bm-2',
    at: '2026-12-01T10:30:00Z',
    op: 'checkout',
    itemBarcode: 'B2',
    patronBarcode: 'P-BLOCKED',
    location: 'MAIN/BOOKMOBILE',
  }),
  '{"id":"bm-4","at":"yesterday","op":"checkout"}',
  json({ id: 'bm-5', at: '2026-12-01T11:00:00Z', op: 'checkout', itemBarcode: 'W1', patronBarcode: 'P-ANN' }),
  '',
].join('\n');

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, { loanPolicy: policy }, 0);
    for (const barcode of ['B1', 'B2', 'W1']) await f.backends.items.create(copy(barcode), AT);
    const w1 = (await f.backends.items.get('W1'))!;
    await f.backends.items.changeStatus(
      'W1',
      { from: 'available', to: 'withdrawn', at: AT, reason: 'damaged' },
      w1.version,
    );
    await f.backends.patrons.create(
      {
        barcode: 'P-ANN',
        name: 'Example, Ann',
        email: 'ann@example.org',
        patronType: 'adult',
        expiry: '2099-12-31',
      },
      AT,
    );
    const blocked = await f.backends.patrons.create(
      {
        barcode: 'P-BLOCKED',
        name: 'Example, Bea',
        email: 'bea@example.org',
        patronType: 'adult',
        expiry: '2099-12-31',
      },
      AT,
    );
    await f.backends.patrons.update(blocked.id, { block: { reason: 'fines', at: AT } }, blocked.version, AT);
  });
  afterEach(() => f.close());

  const upload = (body: string, type = 'application/x-ndjson') =>
    checked(request(f.app).post('/circulation/offline').set(STAFF).set('Content-Type', type).send(body));

  const state = async () => ({
    items: await Promise.all(['B1', 'B2', 'W1'].map((b) => f.backends.items.get(b))),
    patrons: await Promise.all(['P-ANN', 'P-BLOCKED'].map((b) => f.backends.patrons.get(b))),
    events: await f.backends.circulation.events({ limit: 100 }),
  });

  test('when the bookmobile file is uploaded, then each line is applied in time order and reported in file order', async () => {
    const res = await upload(FILE);

    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ applied: 2, alreadyApplied: 0, conflicts: 2, invalid: 1 });
    expect(res.body.lines).toEqual([
      { line: 1, id: 'bm-3', op: 'checkin', outcome: 'applied', loanId: 'offline:bm-1' },
      { line: 2, id: 'bm-1', op: 'checkout', outcome: 'applied', loanId: 'offline:bm-1' },
      expect.objectContaining({
        line: 3,
        outcome: 'conflict',
        code: 'patron_blocked',
        applied: true,
        loanId: 'offline:bm-2',
      }),
      expect.objectContaining({ line: 4, id: 'bm-4', outcome: 'invalid', code: 'invalid_offline_line' }),
      expect.objectContaining({ line: 5, outcome: 'conflict', code: 'item_not_available', applied: false }),
    ]);
    expect(await f.backends.circulation.closedLoan('offline:bm-1')).toMatchObject({
      checkedOutAt: '2026-12-01T10:00:00.000Z',
      returnedAt: '2026-12-01T12:00:00.000Z',
      location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
    });
    expect((await f.backends.items.get('B2'))!.loan).toMatchObject({
      id: 'offline:bm-2',
      location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
    });
    expect((await f.backends.items.get('W1'))!.status).toBe('withdrawn');
    expect(JSON.stringify(res.body)).not.toMatch(/Example|example\.org/);
  });

  test('when the same file is uploaded twice, then the second answer is all already applied and the catalogue is unchanged', async () => {
    await upload(FILE);
    const before = await state();

    const res = await upload(FILE, 'text/plain');

    expect(res.status).toBe(200);
    expect(res.body.lines.map((l: { outcome: string }) => l.outcome)).toEqual([
      'already-applied',
      'already-applied',
      'already-applied',
      'invalid',
      'conflict',
    ]);
    expect(await state()).toEqual(before);
  });

  test('when the body holds no line, then 400 invalid_offline_file', async () => {
    const res = await upload('\n\n');

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_offline_file');
  });

  test('when the body is JSON, then 415 naming the types it takes', async () => {
    const res = await checked(request(f.app).post('/circulation/offline').set(STAFF).send({ id: 'bm-1' }));

    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  test('when a reader uploads, then 403 and nothing is applied', async () => {
    const res = await checked(
      request(f.app)
        .post('/circulation/offline')
        .set({ 'x-test-role': 'reader' })
        .set('Content-Type', 'application/x-ndjson')
        .send(FILE),
    );

    expect(res.status).toBe(403);
    expect((await f.backends.items.get('B1'))!.status).toBe('available');
  });
});
