import request from 'supertest';
import type { NewItem } from '../../src/domain/items/item';
import { parseLocation } from '../../src/domain/items/item';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import type { ItemStatus } from '../../src/domain/items/item-status';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const RECORD = '(StK)stk000001';

function item(
  barcode: string,
  call: string,
  status: ItemStatus = 'available',
  location = 'MAIN/STACKS',
): NewItem {
  return {
    barcode,
    recordId: RECORD,
    location: parseLocation(location)!,
    callNumber: itemCallNumber({ value: call, scheme: 'lc' }),
    itemType: 'book',
    status,
    notForLoan: false,
    publicNotes: [],
    staffNotes: ['staff only'],
    source: 'import',
  };
}

const STAFF = { 'x-test-role': 'staff' };

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await apiFixture(target, {}, 0);
    await f.backends.items.load(
      [
        item('A1', 'QA76 .A1'),
        item('B2', 'QA76 .B2'),
        item('C3', 'QA76 .C3'),
        item('M4', 'QA76 .C4', 'missing'),
        item('D5', 'QA76 .D5'),
        item('E6', 'QA76 .E6'),
        item('R7', 'QA76 .C6', 'available', 'MAIN/REFERENCE'),
      ],
      '2026-01-01T00:00:00.000Z',
      'test',
    );
  });
  afterAll(() => f.close());

  const read = (body: unknown) =>
    checked(
      request(f.app)
        .post('/shelf-reading')
        .set(STAFF)
        .send(body as object),
    );

  describe('POST /shelf-reading', () => {
    test('when a shelf is read, then the report names what is out of place, elsewhere, unknown and not scanned', async () => {
      const res = await read({
        location: 'main/stacks',
        barcodes: ['A1', 'D5', 'B2', 'R7', 'M4', 'XX', 'B2', 'E6'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        location: 'MAIN/STACKS',
        scanned: 8,
        inOrder: 4,
        misplaced: [{ barcode: 'D5', position: 2, after: 'M4', before: 'E6' }],
        unknown: [{ barcode: 'XX', position: 6 }],
        elsewhere: [{ barcode: 'R7', location: 'MAIN/REFERENCE' }],
        wrongStatus: [{ barcode: 'M4', status: 'missing', canMarkAvailable: true }],
        duplicates: [{ barcode: 'B2', positions: [3, 7] }],
        range: { first: 'A1', last: 'E6', from: 'QA76 .A1', to: 'QA76 .E6' },
        notScanned: [{ barcode: 'C3', callNumber: 'QA76 .C3', status: 'available' }],
        actions: [{ barcode: 'M4', action: 'mark-available', from: 'missing', outcome: 'offered' }],
      });
      expect(JSON.stringify(res.body)).not.toContain('staff only');
    });

    test('when markFoundAvailable is sent, then the missing item is available afterwards', async () => {
      const res = await read({ location: 'MAIN/STACKS', barcodes: ['C3', 'M4'], markFoundAvailable: true });
      expect(res.body.actions).toEqual([
        { barcode: 'M4', action: 'mark-available', from: 'missing', outcome: 'done' },
      ]);
      const found = await f.backends.items.get('M4');
      expect(found?.status).toBe('available');
      expect(found?.history.at(-1)).toMatchObject({ reason: 'found in shelf-reading' });
    });

    test.each([
      ['a bad location', 'invalid_location', { location: 'stacks', barcodes: ['A1'] }],
      [
        'a location the file does not list',
        'invalid_location',
        { location: 'MAIN/STAKCS', barcodes: ['A1'] },
      ],
      ['no barcodes', 'invalid_shelf_barcodes', { location: 'MAIN/STACKS', barcodes: [] }],
      [
        '5001 barcodes',
        'invalid_shelf_barcodes',
        { location: 'MAIN/STACKS', barcodes: Array.from({ length: 5001 }, (_, i) => `B${i}`) },
      ],
      ['a blank barcode', 'invalid_shelf_barcodes', { location: 'MAIN/STACKS', barcodes: ['  '] }],
      ['a control character', 'invalid_shelf_barcodes', { location: 'MAIN/STACKS', barcodes: ['A\u0000'] }],
      ['a number for a barcode', 'invalid_shelf_barcodes', { location: 'MAIN/STACKS', barcodes: [42] }],
      ['no barcodes property', 'invalid_body', { location: 'MAIN/STACKS' }],
      ['an unknown property', 'unknown_parameter', { location: 'MAIN/STACKS', barcodes: ['A1'], extra: 1 }],
    ])('when the body has %s, then 400 %s', async (_what, code, body) => {
      const res = await read(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
    });

    test('when the location is not in the locations file, then the 400 names the listed ones', async () => {
      const res = await read({ location: 'main/stakcs', barcodes: ['A1'] });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('MAIN/STAKCS is not in the locations file');
      expect(res.body.detail).toContain('MAIN/STACKS');
      expect(res.body.errors[0]).toMatchObject({ code: 'invalid_location', location: 'MAIN/STAKCS' });
    });

    test('when the caller is not staff, then 401', async () => {
      const res = await checked(
        request(f.app)
          .post('/shelf-reading')
          .send({ location: 'MAIN/STACKS', barcodes: ['A1'] }),
      );
      expect(res.status).toBe(401);
    });
  });

  describe('GET /shelf/position', () => {
    test('when a new call number falls between items, then the nearest on each side are listed', async () => {
      const res = await checked(
        request(f.app)
          .get('/shelf/position')
          .set(STAFF)
          .query({ callnumber: 'QA76 .B25', location: 'MAIN/STACKS', before: 1, after: 2 }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ callNumber: 'QA76 .B25', scheme: 'lc', location: 'MAIN/STACKS' });
      expect(res.body.before.map((n: { barcode: string }) => n.barcode)).toEqual(['B2']);
      expect(res.body.after.map((n: { barcode: string }) => n.barcode)).toEqual(['C3', 'M4']);
    });

    test.each([
      [{ callnumber: 'QA1', location: 'nowhere' }, 'invalid_location'],
      [{ callnumber: 'QA1', location: 'MAIN/NOWHERE' }, 'invalid_location'],
      [{ callnumber: ' ', location: 'MAIN/STACKS' }, 'invalid_parameter'],
      [{ location: 'MAIN/STACKS' }, 'missing_parameter'],
      [{ callnumber: 'QA1', location: 'MAIN/STACKS', before: 51 }, 'invalid_parameter'],
    ])('when the query is %j, then 400 %s', async (query, code) => {
      const res = await checked(request(f.app).get('/shelf/position').set(STAFF).query(query));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
    });
  });
});
