import request from 'supertest';
import type { NewItem } from '../../src/domain/items/item';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, type ApiFixture } from './support/api-fixture';

const TOLSTOY = '(StK)stk000001';
const OTHER = 'stk000002';
const staff = { 'x-test-role': 'staff' };
const reader = { 'x-test-role': 'reader' };
const itemsOf = (id: string) => `/records/${encodeURIComponent(id)}/items`;
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

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 2);
    const items = f.backends.items;
    await items.create(
      copy('B1', { publicNotes: ['Signed copy'], staffNotes: ['Gift of the Friends'] }),
      at,
      'k1',
    );
    await items.create(
      copy('B2', { location: { library: 'MAIN', shelf: 'REFERENCE' }, itemType: 'reference-only' }),
      at,
    );
    await items.create(
      copy('B3', { location: { library: 'BRANCH', shelf: 'STACKS' }, status: 'checked-out' }),
      at,
    );
    await items.create(copy('B4', { status: 'withdrawn', statusReason: 'worn out' }), at);
  });
  afterEach(() => f.close());

  describe('reading items', () => {
    test("when anyone lists a record's items, then they come in shelf order without staff notes or history", async () => {
      const res = await checked(request(f.app).get(itemsOf(TOLSTOY)));
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { barcode: string }) => i.barcode)).toEqual(['B3', 'B2', 'B1', 'B4']);
      const b1 = res.body.items.find((i: { barcode: string }) => i.barcode === 'B1');
      expect(b1).toMatchObject({
        location: { code: 'MAIN/STACKS', library: 'MAIN', shelf: 'STACKS', name: 'Main Library, Stacks' },
        callNumber: { value: 'PG3366 .V6 1993', scheme: 'lc', display: 'PG3366 .V6 1993' },
        publicNotes: ['Signed copy'],
        status: 'available',
      });
      expect(JSON.stringify(res.body)).not.toContain('Gift of the Friends');
      expect(b1.history).toBeUndefined();
    });

    test('when a reader key lists them, then staff notes stay hidden too', async () => {
      const res = await checked(request(f.app).get(itemsOf(TOLSTOY)).set(reader));
      expect(JSON.stringify(res.body)).not.toContain('Gift of the Friends');
    });

    test('when staff list them, then staff notes and the history (with key ids) are there', async () => {
      const res = await checked(request(f.app).get(itemsOf(TOLSTOY)).set(staff));
      const b1 = res.body.items.find((i: { barcode: string }) => i.barcode === 'B1');
      expect(b1.staffNotes).toEqual(['Gift of the Friends']);
      expect(b1.history).toEqual([{ to: 'available', at, by: 'k1' }]);
    });

    describe('an item on loan or trapped for a hold', () => {
      const loan = {
        id: 'loan-7f3c',
        itemBarcode: 'B1',
        recordId: TOLSTOY,
        patronId: 'patron-4711',
        patronType: 'adult',
        library: 'MAIN',
        location: { library: 'MAIN', shelf: 'BOOKMOBILE' },
        checkedOutAt: at,
        dueAt: '2026-02-01T22:59:59.000Z',
        renewals: 1,
        overrides: [{ codes: ['patron_limit_reached'], reason: 'teacher', at, by: 'k1' }],
        by: 'k1',
      };
      const hold = { holdId: 'hold-99', patronId: 'patron-0815', pickupLibrary: 'BRANCH' };
      beforeEach(async () => {
        await f.backends.items.circulate('B1', { to: 'checked-out', at, by: 'k1' }, { loan }, 1);
        await f.backends.items.circulate('B2', { to: 'in-transit', at }, { trappedHold: hold }, 1);
      });
      const secrets = ['patron-4711', 'loan-7f3c', 'patron-0815', 'hold-99', 'teacher'];

      test.each([
        ['anyone', {}],
        ['a reader key', reader],
      ])('when %s reads them, then only that it is on loan and until when shows', async (_who, role) => {
        const list = await checked(request(f.app).get(itemsOf(TOLSTOY)).set(role));
        const one = await checked(request(f.app).get('/items/B1').set(role));
        const b1 = list.body.items.find((i: { barcode: string }) => i.barcode === 'B1');
        expect(b1).toMatchObject({ status: 'checked-out', loan: { dueAt: loan.dueAt } });
        expect(b1.loan).toEqual({ dueAt: loan.dueAt });
        expect(one.body.loan).toEqual({ dueAt: loan.dueAt });
        const b2 = list.body.items.find((i: { barcode: string }) => i.barcode === 'B2');
        expect(b2.trappedHold).toBeUndefined();
        for (const body of [list.body, one.body])
          for (const s of secrets) expect(JSON.stringify(body)).not.toContain(s);
      });

      test('when staff move an item on loan, then only to lost; after that, only check-in takes it further', async () => {
        const lost = await checked(
          request(f.app).post('/items/B1/status').set(staff).send({ status: 'lost' }),
        );
        expect(lost.status).toBe(200);
        expect(lost.body).toMatchObject({ status: 'lost', loan: { patronId: loan.patronId } });
        const back = await checked(
          request(f.app).post('/items/B1/status').set(staff).send({ status: 'available' }),
        );
        expect(back.status).toBe(409);
        expect(back.body.code).toBe('item_checked_out');
        expect((await f.backends.items.get('B1'))?.status).toBe('lost');
      });

      test('when staff read them, then the loan, its patron and the trapped hold are there', async () => {
        const b1 = await checked(request(f.app).get('/items/B1').set(staff));
        expect(b1.body.loan).toEqual({
          dueAt: loan.dueAt,
          id: loan.id,
          patronId: loan.patronId,
          patronType: 'adult',
          library: 'MAIN',
          location: expect.objectContaining({
            code: 'MAIN/BOOKMOBILE',
            library: 'MAIN',
            shelf: 'BOOKMOBILE',
          }),
          checkedOutAt: at,
          renewals: 1,
          overrides: loan.overrides,
          by: 'k1',
        });
        const b2 = await checked(request(f.app).get('/items/B2').set(staff));
        expect(b2.body.trappedHold).toEqual(hold);
      });
    });

    test('when the record is unknown, then 404 record_not_found as problem+json', async () => {
      const res = await checked(request(f.app).get(itemsOf('(StK)nope')));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('record_not_found');
    });

    test('when an item is read in another case, then it is found, with its version as the ETag', async () => {
      const res = await checked(request(f.app).get('/items/b1'));
      expect(res.status).toBe(200);
      expect(res.body.barcode).toBe('B1');
      expect(res.headers.etag).toBe('"v1"');
      const asStaff = await checked(request(f.app).get('/items/B1').set(staff));
      expect(asStaff.headers.etag).toBe('"v1-staff"');
      expect(asStaff.body.staffNotes).toEqual(['Gift of the Friends']);
    });

    test('when If-None-Match holds the current tag, then 304', async () => {
      const res = await checked(request(f.app).get('/items/B1').set('if-none-match', '"v1"'));
      expect(res.status).toBe(304);
    });

    test('when the barcode is unknown, then 404 item_not_found', async () => {
      const res = await checked(request(f.app).get('/items/NOPE'));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('item_not_found');
    });
  });

  describe('POST /records/{id}/items', () => {
    const body = {
      barcode: '  N1 ',
      location: 'main/periodicals',
      callNumber: { value: 'PG3366 .V6 1993', volume: 'v.2' },
      publicNotes: ['Volume 2'],
    };

    test('when staff add a copy, then 201 with Location, ETag and the item as stored', async () => {
      const res = await checked(request(f.app).post(itemsOf(OTHER)).set(staff).send(body));
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/items/N1');
      expect(res.headers.etag).toBe('"v1-staff"');
      expect(res.body).toMatchObject({
        barcode: 'N1',
        recordId: OTHER,
        location: { code: 'MAIN/PERIODICALS', name: 'Main Library, Periodicals' },
        callNumber: { scheme: 'lc', volume: 'v.2', display: 'PG3366 .V6 1993 v.2' },
        itemType: 'book',
        status: 'available',
        version: 1,
        source: 'api',
      });
    });

    test('when the barcode is taken in another case, then 409 item_barcode_taken', async () => {
      const res = await checked(
        request(f.app)
          .post(itemsOf(OTHER))
          .set(staff)
          .send({ ...body, barcode: 'b1' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('item_barcode_taken');
    });

    test('when the location is not in the locations file, then 400 invalid_location naming the known ones', async () => {
      const res = await checked(
        request(f.app)
          .post(itemsOf(OTHER))
          .set(staff)
          .send({ ...body, location: 'MAIN/ATTIC' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_location');
      expect(res.body.detail).toContain('MAIN/STACKS');
    });

    test('when the record does not exist, then 404 record_not_found and nothing is stored', async () => {
      const res = await checked(request(f.app).post(itemsOf('(StK)nope')).set(staff).send(body));
      expect(res.status).toBe(404);
      expect(await f.backends.items.get('N1')).toBeUndefined();
    });

    test('when staff add a copy on the hold shelf, then 400: only circulation traps items for holds', async () => {
      const res = await checked(
        request(f.app)
          .post(itemsOf(OTHER))
          .set(staff)
          .send({ ...body, status: 'on-hold-shelf' }),
      );
      expect(res.status).toBe(400);
      expect(await f.backends.items.get('N1')).toBeUndefined();
    });

    test('when withdrawn without a reason, then 400 invalid_item', async () => {
      const res = await checked(
        request(f.app)
          .post(itemsOf(OTHER))
          .set(staff)
          .send({ ...body, status: 'withdrawn' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_item');
    });

    test('when the caller is anonymous or a reader, then 401 or 403', async () => {
      expect((await checked(request(f.app).post(itemsOf(OTHER)).send(body))).status).toBe(401);
      expect((await checked(request(f.app).post(itemsOf(OTHER)).set(reader).send(body))).status).toBe(403);
    });

    test('when the body has a field the schema does not know, then 400 naming it', async () => {
      const res = await checked(
        request(f.app)
          .post(itemsOf(OTHER))
          .set(staff)
          .send({ ...body, version: 7 }),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: 'unknown_parameter', parameter: '/version' });
    });
  });

  describe('PATCH /items/{barcode}', () => {
    const patch = (barcode: string) =>
      request(f.app)
        .patch(`/items/${barcode}`)
        .set(staff)
        .set('content-type', 'application/merge-patch+json');

    test('when a merge patch changes notes and the volume, then the rest stays and the version goes up', async () => {
      const res = await checked(
        patch('B1').send(JSON.stringify({ publicNotes: null, callNumber: { volume: 'v.3' } })),
      );
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v2-staff"');
      expect(res.body).toMatchObject({
        publicNotes: [],
        staffNotes: ['Gift of the Friends'],
        callNumber: { value: 'PG3366 .V6 1993', volume: 'v.3' },
        version: 2,
      });
    });

    test('when If-Match names the current version, then the patch applies; a stale one is 412', async () => {
      const first = await checked(
        patch('B1')
          .set('if-match', '"v1"')
          .send(JSON.stringify({ itemType: 'DVD' })),
      );
      expect(first.status).toBe(200);
      expect(first.body.itemType).toBe('dvd');
      const stale = await checked(
        patch('B1')
          .set('if-match', '"v1"')
          .send(JSON.stringify({ itemType: 'map' })),
      );
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('version_conflict');
    });

    test('when the patch moves it to an unknown location, then 400 invalid_location', async () => {
      const res = await checked(patch('B1').send(JSON.stringify({ location: 'NOWHERE/X' })));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_location');
    });

    test('when the patch tries the status or barcode, then 400: those are not descriptive fields', async () => {
      const res = await checked(patch('B1').send(JSON.stringify({ status: 'lost' })));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('unknown_parameter');
    });

    test('when plain application/json is sent, then it is taken as the merge patch too', async () => {
      const res = await checked(request(f.app).patch('/items/B1').set(staff).send({ callNumber: null }));
      expect(res.status).toBe(200);
      expect(res.body.callNumber).toBeUndefined();
    });
  });

  describe('POST /items/{barcode}/status', () => {
    const move = (barcode: string, body: object) =>
      request(f.app).post(`/items/${barcode}/status`).set(staff).send(body);

    test('when staff send an allowed move with a reason, then it is made and appended to the history', async () => {
      const res = await checked(move('B1', { status: 'in-repair', reason: 'spine torn' }));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('in-repair');
      expect(res.body.history.at(-1)).toMatchObject({
        from: 'available',
        to: 'in-repair',
        reason: 'spine torn',
      });
    });

    test('when the move is not in the table, then 409 item_status_conflict with the status, version and moves', async () => {
      const res = await checked(move('B2', { status: 'on-order' }));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('item_status_conflict');
      expect(res.body.errors[0]).toMatchObject({ status: 'available', version: 1 });
      expect(res.body.errors[0].allowedMoves).toContain('in-repair');
    });

    test('when the item is in that status already, then 200 with it as it is: no version, no history', async () => {
      const first = await checked(move('B1', { status: 'in-repair', reason: 'spine torn' }));
      const again = await checked(move('B1', { status: 'in-repair', reason: 'spine torn' }));
      expect(again.status).toBe(200);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.body).toMatchObject({ status: 'in-repair', version: first.body.version });
      expect(again.body.history).toHaveLength(first.body.history.length);
      const stale = await checked(move('B1', { status: 'in-repair' }).set('if-match', '"v1"'));
      expect(stale.status).toBe(409);
    });

    test('when staff try checked-out, then 409: only circulation checks items out', async () => {
      const res = await checked(move('B1', { status: 'checked-out' }));
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('circulation');
    });

    test('when staff try on-hold-shelf, then 409: only circulation traps items for holds', async () => {
      const res = await checked(move('B1', { status: 'on-hold-shelf' }));
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('circulation traps items for holds');
    });

    test('when withdrawn without a reason, then 400 invalid_item', async () => {
      const res = await checked(move('B1', { status: 'withdrawn' }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_item');
    });

    test('when the status is not one the API knows, then the 400 lists the statuses', async () => {
      const res = await checked(move('B1', { status: 'damaged' }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
      expect(res.body.detail).toBe(
        'body /status must be one of "available", "checked-out", "reshelving", "in-transit", "in-repair", "missing", "lost", "withdrawn", "on-order", "in-processing", "on-hold-shelf"',
      );
    });

    test('when If-Match is stale, then 409 item_status_conflict with the current state', async () => {
      await checked(move('B1', { status: 'reshelving' }));
      const res = await checked(move('B1', { status: 'in-repair' }).set('if-match', '"v1"'));
      expect(res.status).toBe(409);
      expect(res.body.errors[0]).toMatchObject({ status: 'reshelving', version: 2 });
    });

    test('when 20 changes race from the same version, then exactly one succeeds and 19 get the current state', async () => {
      const targets = ['in-repair', 'missing', 'reshelving', 'in-transit', 'lost'];
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          checked(move('B1', { status: targets[n % targets.length] }).set('if-match', '"v1"')),
        ),
      );
      const ok = responses.filter((r) => r.status === 200);
      const conflicts = responses.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(19);
      for (const c of conflicts) {
        expect(c.body.code).toBe('item_status_conflict');
        expect(c.body.errors[0]).toMatchObject({ status: ok[0]!.body.status, version: 2 });
      }
      const stored = await f.backends.items.get('B1');
      expect(stored).toMatchObject({ version: 2, status: ok[0]!.body.status });
      expect(stored!.history).toHaveLength(2);
    });
  });

  describe('POST /items/transfer', () => {
    test('when loading the bookmobile, then each barcode gets its own outcome', async () => {
      const res = await checked(
        request(f.app)
          .post('/items/transfer')
          .set(staff)
          .send({ barcodes: ['B1', 'b2', 'B3', 'B4', 'NOPE', 'B1'], to: 'main/bookmobile' }),
      );
      expect(res.status).toBe(200);
      expect(res.body.to).toMatchObject({ code: 'MAIN/BOOKMOBILE', name: 'Main Library, Bookmobile' });
      expect(res.body.results).toEqual([
        { barcode: 'B1', outcome: 'moved', from: 'MAIN/STACKS', version: 2 },
        { barcode: 'b2', outcome: 'moved', from: 'MAIN/REFERENCE', version: 2 },
        expect.objectContaining({ barcode: 'B3', outcome: 'refused', code: 'item_checked_out' }),
        expect.objectContaining({ barcode: 'B4', outcome: 'refused', code: 'item_status_conflict' }),
        expect.objectContaining({ barcode: 'NOPE', outcome: 'not_found', code: 'item_not_found' }),
        { barcode: 'B1', outcome: 'unchanged', version: 2 },
      ]);
      expect(res.body.counts).toEqual({ moved: 2, unchanged: 1, not_found: 1, refused: 2 });
      const b1 = await f.backends.items.get('B1');
      expect(b1!.location).toEqual({ library: 'MAIN', shelf: 'BOOKMOBILE' });
      expect(b1!.history).toHaveLength(1);
    });

    test('when the destination is unknown, then 400 invalid_location and nothing moves', async () => {
      const res = await checked(
        request(f.app)
          .post('/items/transfer')
          .set(staff)
          .send({ barcodes: ['B1'], to: 'MAIN/MOON' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_location');
      expect((await f.backends.items.get('B1'))!.version).toBe(1);
    });
  });

  describe('GET /items', () => {
    test('when staff filter by library and statuses, then only those come back', async () => {
      const res = await checked(
        request(f.app).get('/items?location=MAIN&status=available,withdrawn').set(staff),
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { barcode: string }) => i.barcode).sort()).toEqual(['B1', 'B2', 'B4']);
      const repeated = await checked(
        request(f.app).get('/items?location=MAIN&status=available&status=withdrawn').set(staff),
      );
      expect(repeated.body.items).toEqual(res.body.items);
    });

    test('when paged one at a time, then the cursor walks the list and refuses other filters', async () => {
      const first = await checked(request(f.app).get('/items?location=MAIN&limit=1').set(staff));
      expect(first.body.items).toHaveLength(1);
      const cursor = first.body.nextCursor as string;
      const second = await checked(
        request(f.app).get(`/items?location=MAIN&limit=1&cursor=${cursor}`).set(staff),
      );
      expect(second.body.items[0].barcode).not.toBe(first.body.items[0].barcode);
      const mixed = await checked(
        request(f.app).get(`/items?location=BRANCH&limit=1&cursor=${cursor}`).set(staff),
      );
      expect(mixed.status).toBe(400);
      expect(mixed.body.code).toBe('invalid_item_cursor');
    });

    test('when a parameter is spelt as item JSON spells it, then the 400 says which one was meant', async () => {
      const res = await checked(
        request(f.app).get('/items').set(staff).query({ location: 'MAIN/STACKS', callNumberFrom: 'PG1' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('unknown_parameter');
      expect(res.body.detail).toMatch(
        /^unknown query parameter callNumberFrom \(did you mean callnumberFrom\?\); use /,
      );
    });

    test('when callnumberFrom comes without a whole location, then 400', async () => {
      const res = await checked(request(f.app).get('/items?callnumberFrom=PG1').set(staff));
      expect(res.status).toBe(400);
    });

    test('when called anonymously, then 401', async () => {
      expect((await checked(request(f.app).get('/items'))).status).toBe(401);
    });
  });

  test('when anyone asks for the locations, then the libraries and their named locations', async () => {
    const res = await checked(request(f.app).get('/locations'));
    expect(res.status).toBe(200);
    const main = res.body.libraries.find((l: { code: string }) => l.code === 'MAIN');
    expect(main.name).toBe('Main Library');
    expect(main.locations).toContainEqual({
      code: 'MAIN/BOOKMOBILE',
      shelf: 'BOOKMOBILE',
      name: 'Bookmobile',
    });
  });

  describe('the record view', () => {
    test('when a record has copies, then its JSON carries their summary and a tag that follows them', async () => {
      const before = await checked(request(f.app).get(`/records/${encodeURIComponent(TOLSTOY)}`));
      expect(before.body.availability).toMatchObject({ total: 3, available: 2 });
      expect(before.headers.etag).toMatch(/^"v1-a[a-p]{8}"$/);
      await checked(request(f.app).post('/items/B1/status').set(staff).send({ status: 'missing' }));
      const after = await checked(
        request(f.app)
          .get(`/records/${encodeURIComponent(TOLSTOY)}`)
          .set('if-none-match', before.headers.etag!),
      );
      expect(after.status).toBe(200);
      expect(after.body.availability).toMatchObject({ total: 3, available: 1 });
      expect(after.headers.etag).not.toBe(before.headers.etag);
    });

    test('when a record has no copies, then it has no summary and its tag is the plain version', async () => {
      const res = await checked(request(f.app).get(`/records/${encodeURIComponent(OTHER)}`));
      expect(res.body.availability).toBeUndefined();
      expect(res.headers.etag).toBe('"v1"');
    });
  });
});
