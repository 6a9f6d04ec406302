import request from 'supertest';
import { createApp } from '../../src/api/app';
import type { LoanPolicy, LoanRulesView } from '../../src/domain/circulation/loan-policy';
import { describeApiBackends } from './support/api-backends';
import { apiFixture, checked, headerRoleSecurity, type ApiFixture } from './support/api-fixture';

const staff = { 'x-test-role': 'staff' };
const reader = { 'x-test-role': 'reader' };
/** Fictional people only. */
const ERIKA = {
  barcode: 'P1',
  name: 'Example, Erika',
  email: 'erika@example.org',
  patronType: 'adult',
  expiry: '2030-01-01',
};

describeApiBackends((target) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(target, {}, 0);
  });
  afterEach(() => f.close());

  const register = (body: object) => checked(request(f.app).post('/patrons').set(staff).send(body));

  describe('POST /patrons', () => {
    test('when staff register the smallest body, then 201 with Location, ETag and the patron', async () => {
      const res = await register({ ...ERIKA, patronType: 'Adult' });

      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/patrons/P1');
      expect(res.headers.etag).toBe('"v1"');
      expect(res.body).toMatchObject({
        ...ERIKA,
        patronType: 'adult',
        expired: false,
        keepHistory: false,
        openLoans: 0,
        openLoanIds: [],
        loanCount: 0,
        version: 1,
      });
      expect(res.body.id).toEqual(expect.any(String));
    });

    test('when every field is given, then the home library is upper-cased and text trimmed', async () => {
      const res = await register({
        ...ERIKA,
        barcode: ' P2 ',
        phone: '+49 30 0000 0000',
        address: 'Beispielweg 1\n10115 Berlin',
        homeLibrary: 'main',
        notes: ' Prefers large print ',
        keepHistory: true,
      });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        barcode: 'P2',
        homeLibrary: 'MAIN',
        notes: 'Prefers large print',
        keepHistory: true,
      });
    });

    test('when the barcode is taken in another case, then 409 patron_barcode_taken', async () => {
      await register(ERIKA);
      const res = await register({ ...ERIKA, barcode: 'p1', name: 'Other, Olga', email: 'olga@example.org' });

      expect(res.status).toBe(409);
      expect(res.body.code).toBe('patron_barcode_taken');
      expect(JSON.stringify(res.body)).not.toContain('Olga');
    });

    test.each([
      ['2030-02-30', 'not a real day'],
      ['01/02/2030', 'not a date at all'],
      ['2030-1-1', 'without leading zeros'],
      ['0340-07-03', 'a real day, but no card runs out before 1900'],
    ])('when the expiry is %s (%s), then 422 invalid_patron naming expiry', async (expiry) => {
      const res = await register({ ...ERIKA, expiry });

      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_patron');
      expect(JSON.stringify(res.body.errors)).toContain('expiry');
    });

    test('when the email is no email, then 422 invalid_patron naming the field but not the value', async () => {
      const res = await register({ ...ERIKA, email: 'erika-at-example' });

      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_patron');
      expect(JSON.stringify(res.body)).toContain('email');
      expect(JSON.stringify(res.body)).not.toContain('erika-at-example');
    });

    test('when a required field is missing, then 400 invalid_body naming it', async () => {
      const { email: _, ...noEmail } = ERIKA;
      const res = await register(noEmail);

      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ code: 'invalid_body', parameter: '/email' });
    });

    test('when the home library is not in the locations file, then 422 invalid_patron', async () => {
      const res = await register({ ...ERIKA, homeLibrary: 'ATLANTIS' });

      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ code: 'invalid_patron', field: 'homeLibrary' });
    });

    test('when loan rules are loaded, then the patron type must be one of theirs', async () => {
      const rules = { patronTypes: ['adult', 'child'] } as unknown as LoanRulesView;
      const app = createApp({
        backends: f.backends,
        security: headerRoleSecurity(),
        loanPolicy: { describe: () => rules } as unknown as LoanPolicy,
        onUnexpected: () => undefined,
      });

      const robot = await checked(
        request(app)
          .post('/patrons')
          .set(staff)
          .send({ ...ERIKA, patronType: 'robot' }),
      );
      const child = await checked(
        request(app)
          .post('/patrons')
          .set(staff)
          .send({ ...ERIKA, patronType: 'CHILD' }),
      );

      expect(robot.status).toBe(422);
      expect(robot.body.detail).toContain('adult, child');
      expect(child.status).toBe(201);
    });
  });

  describe('GET /patrons/{barcode} and GET /patrons', () => {
    beforeEach(async () => {
      await register(ERIKA);
      await register({ ...ERIKA, barcode: 'P2', name: 'Éxample, Émile', email: 'emile@example.org' });
      await register({ ...ERIKA, barcode: 'P3', name: 'Muster, Max', email: 'max@example.net' });
    });

    test('when a patron is read in another case, then it is found with its ETag', async () => {
      const res = await checked(request(f.app).get('/patrons/p1').set(staff));

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v1"');
      expect(res.body).toMatchObject(ERIKA);
    });

    test('when the barcode is unknown, then 404 patron_not_found without the barcode', async () => {
      const res = await checked(request(f.app).get('/patrons/NOBODY-9').set(staff));

      expect(res.status).toBe(404);
      expect(res.body.code).toBe('patron_not_found');
      expect(res.body.instance).toBe('/patrons/{barcode}');
      expect(JSON.stringify(res.body)).not.toContain('NOBODY-9');
    });

    const barcodes = (res: request.Response) =>
      (res.body.patrons as { barcode: string }[]).map((p) => p.barcode);

    test('when q is the start of a name, then the names that start so, accents and case ignored', async () => {
      const res = await checked(request(f.app).get('/patrons?q=example').set(staff));

      expect(res.status).toBe(200);
      expect(barcodes(res).sort()).toEqual(['P1', 'P2']);
    });

    test('when q holds @, then the patron with that email, in any case', async () => {
      const res = await checked(request(f.app).get('/patrons?q=MAX@example.net').set(staff));

      expect(barcodes(res)).toEqual(['P3']);
    });

    test('when q is a card barcode, then that patron alone', async () => {
      const res = await checked(request(f.app).get('/patrons?q=p2').set(staff));

      expect(barcodes(res)).toEqual(['P2']);
    });

    test('when a field is named, then it alone is searched; two at once are a 400', async () => {
      const byName = await checked(request(f.app).get('/patrons?name=muster').set(staff));
      const byEmail = await checked(request(f.app).get('/patrons?email=erika@example.org').set(staff));
      const both = await checked(
        request(f.app).get('/patrons?name=muster&email=erika@example.org').set(staff),
      );

      expect(barcodes(byName)).toEqual(['P3']);
      expect(barcodes(byEmail)).toEqual(['P1']);
      expect(both.status).toBe(400);
      expect(both.body.code).toBe('invalid_parameter');
      expect(JSON.stringify(both.body)).not.toContain('erika@');
    });

    test('when the list is paged, then nextCursor leads through every patron once', async () => {
      const first = await checked(request(f.app).get('/patrons?limit=2').set(staff));
      const second = await checked(
        request(f.app)
          .get(`/patrons?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`)
          .set(staff),
      );

      expect([...barcodes(first), ...barcodes(second)].sort()).toEqual(['P1', 'P2', 'P3']);
      expect(second.body.nextCursor).toBeUndefined();
    });
  });

  describe('changing a patron', () => {
    beforeEach(async () => {
      await register({ ...ERIKA, phone: '+49 30 0000 0000' });
    });

    test('when staff patch a field and remove another, then the version moves on', async () => {
      const res = await checked(
        request(f.app)
          .patch('/patrons/P1')
          .set(staff)
          .set('if-match', '"v1"')
          .send({ name: 'Example-Neu, Erika', phone: null }),
      );

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v2"');
      expect(res.body.name).toBe('Example-Neu, Erika');
      expect(res.body.phone).toBeUndefined();
    });

    test('when If-Match names an old version, then 412 version_conflict', async () => {
      await checked(request(f.app).patch('/patrons/P1').set(staff).send({ notes: 'first' }));
      const res = await checked(
        request(f.app).patch('/patrons/P1').set(staff).set('if-match', '"v1"').send({ notes: 'second' }),
      );

      expect(res.status).toBe(412);
      expect(res.body.code).toBe('version_conflict');
      expect(JSON.stringify(res.body)).not.toContain('Erika');
    });

    test('when a patch changes nothing, then nothing is written', async () => {
      const res = await checked(request(f.app).patch('/patrons/P1').set(staff).send({ name: ERIKA.name }));

      expect(res.body.version).toBe(1);
    });

    test('when the card is replaced by a barcode another patron holds, then 409', async () => {
      await register({ ...ERIKA, barcode: 'P9' });
      const res = await checked(request(f.app).patch('/patrons/P1').set(staff).send({ barcode: 'p9' }));

      expect(res.status).toBe(409);
      expect(res.body.code).toBe('patron_barcode_taken');
    });

    test('when a patch has a malformed date, then 422 invalid_patron', async () => {
      const res = await checked(
        request(f.app).patch('/patrons/P1').set(staff).send({ expiry: '2030-13-01' }),
      );

      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_patron');
    });

    test('when staff block with a reason, then the block is there; unblocking removes it', async () => {
      const blocked = await checked(
        request(f.app).post('/patrons/P1/block').set(staff).send({ reason: 'Unpaid replacement charge' }),
      );
      const again = await checked(
        request(f.app).post('/patrons/P1/block').set(staff).send({ reason: 'Unpaid replacement charge' }),
      );
      const unblocked = await checked(request(f.app).delete('/patrons/P1/block').set(staff));
      const idle = await checked(request(f.app).delete('/patrons/P1/block').set(staff));

      expect(blocked.status).toBe(200);
      expect(blocked.body.block).toMatchObject({
        reason: 'Unpaid replacement charge',
        at: expect.any(String),
      });
      expect(again.body.version).toBe(blocked.body.version);
      expect(unblocked.body.block).toBeUndefined();
      expect(idle.body.version).toBe(unblocked.body.version);
    });

    test('when a block has no reason, then 400', async () => {
      const res = await checked(request(f.app).post('/patrons/P1/block').set(staff).send({}));

      expect(res.status).toBe(400);
    });

    test('when the card is renewed to a day, then that is its expiry', async () => {
      const res = await checked(
        request(f.app).post('/patrons/P1/renew').set(staff).send({ expiry: '2031-06-30' }),
      );

      expect(res.status).toBe(200);
      expect(res.body.expiry).toBe('2031-06-30');
    });

    test('when the card is renewed without a day, then twelve months on from its expiry', async () => {
      const res = await checked(request(f.app).post('/patrons/P1/renew').set(staff));

      expect(res.body.expiry).toBe('2031-01-01');
    });

    test('when the card is renewed to a day past, then 422 invalid_patron', async () => {
      const res = await checked(
        request(f.app).post('/patrons/P1/renew').set(staff).send({ expiry: '2001-01-01' }),
      );

      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_patron');
    });
  });

  describe('POST /patrons/{barcode}/anonymise', () => {
    test('when the patron has no loans, then every personal field goes and the loan count stays', async () => {
      const created = await register({ ...ERIKA, phone: '+49 30 0000 0000', notes: 'Prefers large print' });
      const { patrons } = f.backends;
      const at = new Date().toISOString();
      const id = created.body.id as string;
      await patrons.addLoan(id, 'L1', 1, at);
      await patrons.removeLoan(id, 'L1', at);
      const loan = {
        id: 'L1',
        itemBarcode: 'B1',
        recordId: '(StK)stk000001',
        patronId: id,
        patronType: 'adult',
        library: 'MAIN',
        checkedOutAt: at,
        dueAt: at,
        renewals: 0,
        returnedAt: at,
      };
      await f.backends.circulation.putClosedLoan(loan);
      await f.backends.circulation.appendEvent({
        id: 'e1',
        kind: 'checkout',
        at,
        loanId: 'L1',
        patronId: id,
      });

      const res = await checked(request(f.app).post('/patrons/P1/anonymise').set(staff));
      const after = await checked(request(f.app).get('/patrons/P1').set(staff));
      const reuse = await register({ ...ERIKA, name: 'Beispiel, Berta' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: created.body.id,
        barcode: '',
        name: '',
        loanCount: 1,
        patronType: 'adult',
      });
      expect(res.body.anonymisedAt).toEqual(expect.any(String));
      for (const text of ['Erika', 'erika@', '+49', 'large print'])
        expect(JSON.stringify(res.body)).not.toContain(text);
      expect(after.status).toBe(404);
      expect(reuse.status).toBe(201);
      expect((await f.backends.circulation.closedLoan('L1'))?.patronId).toBeUndefined();
      const events = (await f.backends.circulation.events({ limit: 50 })).entries;
      expect(events.filter((e) => e.patronId === id)).toEqual([]);
      expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['checkout', 'patron-anonymised']));
    });

    test('when the patron has loans open, then 409 patron_has_loans and nothing changes', async () => {
      const created = await register(ERIKA);
      await f.backends.patrons.addLoan(created.body.id as string, 'L1', 1, new Date().toISOString());

      const res = await checked(request(f.app).post('/patrons/P1/anonymise').set(staff));
      const after = await checked(request(f.app).get('/patrons/P1').set(staff));

      expect(res.status).toBe(409);
      expect(res.body.code).toBe('patron_has_loans');
      expect(after.body).toMatchObject({ name: ERIKA.name, openLoans: 1, openLoanIds: ['L1'] });
    });
  });

  describe('who may', () => {
    test.each([
      ['get', '/patrons'],
      ['post', '/patrons'],
      ['get', '/patrons/P1'],
      ['patch', '/patrons/P1'],
      ['post', '/patrons/P1/renew'],
      ['post', '/patrons/P1/block'],
      ['delete', '/patrons/P1/block'],
      ['post', '/patrons/P1/anonymise'],
    ] as const)('when anonymous or a reader key calls %s %s, then 401 or 403', async (method, path) => {
      await register(ERIKA);
      const anonymous = await checked(request(f.app)[method](path));
      const asReader = await checked(request(f.app)[method](path).set(reader));

      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthorized']);
      expect([asReader.status, asReader.body.code]).toEqual([403, 'forbidden']);
      expect(JSON.stringify(anonymous.body)).not.toContain('Erika');
    });
  });
});
