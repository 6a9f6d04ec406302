import request from 'supertest';
import type { NewItem } from '../../src/domain/items/item';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import { describeApiBackends } from './support/api-backends';
import { createApp } from '../../src/api/app';
import { corsFrom } from '../../src/api/security/cors.middleware';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';

const TOLSTOY = '(StK)stk000001';
const OTHER = 'stk000002';
const at = '2026-01-02T03:04:05.000Z';

function copy(barcode: string, fields: Partial<NewItem> = {}): NewItem {
  return {
    barcode,
    recordId: TOLSTOY,
    location: { library: 'MAIN', shelf: 'STACKS' },
    callNumber: itemCallNumber({ value: 'PG3366 .V6 1993', scheme: 'lc' }),
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
    ...fields,
  };
}

type DaiaItem = { id: string; available?: { service: string }[]; unavailable?: object[] };

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 2);
    const items = f.backends.items;
    await items.create(copy('A1', { publicNotes: ['Signed'] }), at);
    await items.create(
      copy('A2', { location: { library: 'MAIN', shelf: 'REFERENCE' }, itemType: 'reference-only' }),
      at,
    );
    await items.create(
      copy('A3', { location: { library: 'BRANCH', shelf: 'STACKS' }, status: 'checked-out' }),
      at,
    );
    await items.create(copy('A4', { status: 'missing' }), at);
    await items.create(copy('A5', { status: 'withdrawn', statusReason: 'worn out' }), at);
    await items.create(copy('A6', { status: 'reshelving', notForLoan: true }), at);
    await items.create(copy('Z1', { recordId: OTHER, location: { library: 'MAIN', shelf: 'ATTIC' } }), at);
  });
  afterAll(() => f.close());

  const daia = (query: string) => checked(request(f.app).get(`/availability?${query}`));
  const itemById = (items: DaiaItem[], barcode: string) =>
    items.find((i) => i.id === `urn:stacks:item:${barcode}`);

  test('when a page on another origin asks, then its script may read X-DAIA-Version', async () => {
    const app = createApp({
      backends: f.backends,
      security: { ...headerRoleSecurity(), early: [corsFrom({ corsOrigins: '*' })] },
      onUnexpected: () => undefined,
    });
    const res = await checked(
      request(app)
        .get(`/availability?id=${encodeURIComponent(TOLSTOY)}`)
        .set('Origin', 'https://opac.example.org'),
    );
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('X-DAIA-Version');
  });

  test('when a record is asked for, then DAIA 1.0 JSON says per copy what is available', async () => {
    const res = await daia(`id=${encodeURIComponent(TOLSTOY)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-daia-version']).toBe('1.0.0');
    const [doc] = res.body.document;
    expect(doc).toMatchObject({
      id: `urn:stacks:record:${TOLSTOY}`,
      requested: TOLSTOY,
      about: 'War and peace',
    });
    const items = doc.item as DaiaItem[];
    expect(items.map((i) => i.id)).not.toContain('urn:stacks:item:A5');
    expect(itemById(items, 'A1')).toEqual({
      id: 'urn:stacks:item:A1',
      label: 'PG3366 .V6 1993',
      about: 'Signed',
      department: { id: 'urn:stacks:library:MAIN', content: 'Main Library' },
      storage: { id: 'urn:stacks:location:MAIN%2FSTACKS', content: 'Stacks' },
      available: [{ service: 'presentation' }, { service: 'loan' }],
    });
    expect(itemById(items, 'A2')).toMatchObject({
      available: [{ service: 'presentation' }],
      unavailable: [{ service: 'loan', limitation: [{ content: 'not for loan' }] }],
    });
    expect(itemById(items, 'A3')).toMatchObject({
      unavailable: [
        { service: 'presentation', expected: 'unknown' },
        { service: 'loan', expected: 'unknown' },
      ],
    });
    expect(itemById(items, 'A4')).toMatchObject({
      unavailable: [{ service: 'presentation' }, { service: 'loan' }],
    });
    expect(itemById(items, 'A4')!.available).toBeUndefined();
    expect(itemById(items, 'A6')).toMatchObject({
      available: [{ service: 'presentation', delay: 'unknown' }],
      unavailable: [{ service: 'loan' }],
    });
  });

  test('when ids come joined by | or commas, repeated, or unknown, then each known one is a document once', async () => {
    const res = await daia(
      `id=${encodeURIComponent(`${TOLSTOY}|(StK)nope`)}&id=${encodeURIComponent(`${OTHER}, ${TOLSTOY}`)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.document.map((d: { requested: string }) => d.requested)).toEqual([TOLSTOY, OTHER]);
  });

  test('when a copy stands at a location the file does not list, then its code is its name', async () => {
    const res = await daia(`id=${encodeURIComponent(OTHER)}`);
    expect(res.body.document[0].item[0].storage).toEqual({
      id: 'urn:stacks:location:MAIN%2FATTIC',
      content: 'ATTIC',
    });
  });

  test('when no id is given, then 400 missing_parameter as problem+json', async () => {
    const res = await daia('format=json');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  test('when more than 100 ids are asked for, then 400 invalid_daia_id', async () => {
    const ids = Array.from({ length: 101 }, (_, n) => `x${n}`).join('|');
    const res = await daia(`id=${encodeURIComponent(ids)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_daia_id');
  });

  test('when format is not json, then 400', async () => {
    const res = await daia(`id=${encodeURIComponent(TOLSTOY)}&format=xml`);
    expect(res.status).toBe(400);
  });

  // Last: it lends and traps copies of OTHER, which the tests above read as they were.
  test('when copies are on loan or on the hold shelf, then DAIA says unavailable, due when known, and never who', async () => {
    const items = f.backends.items;
    const stacks = { library: 'MAIN', shelf: 'STACKS' };
    await items.create(copy('Z2', { recordId: OTHER, location: stacks }), at);
    await items.create(copy('Z3', { recordId: OTHER, location: stacks }), at);
    const dueAt = '2026-02-01T22:59:59.000Z';
    const loan = {
      id: 'loan-secret',
      itemBarcode: 'Z2',
      recordId: OTHER,
      patronId: 'patron-4711',
      patronType: 'adult',
      library: 'MAIN',
      checkedOutAt: at,
      dueAt,
      renewals: 0,
    };
    await items.circulate('Z2', { to: 'checked-out', at }, { loan }, 1);
    const hold = { holdId: 'hold-secret', patronId: 'patron-0815', pickupLibrary: 'MAIN' };
    await items.circulate('Z3', { to: 'on-hold-shelf', at }, { trappedHold: hold }, 1);

    const res = await daia(`id=${encodeURIComponent(OTHER)}`);

    const docItems = res.body.document[0].item as DaiaItem[];
    expect(itemById(docItems, 'Z2')).toMatchObject({
      unavailable: [
        { service: 'presentation', expected: dueAt },
        { service: 'loan', expected: dueAt },
      ],
    });
    expect(itemById(docItems, 'Z3')).toMatchObject({
      unavailable: [
        { service: 'presentation', expected: 'unknown' },
        { service: 'loan', expected: 'unknown' },
      ],
    });
    expect(itemById(docItems, 'Z3')!.available).toBeUndefined();
    for (const secret of ['patron-4711', 'patron-0815', 'loan-secret', 'hold-secret'])
      expect(JSON.stringify(res.body)).not.toContain(secret);
  });
});
