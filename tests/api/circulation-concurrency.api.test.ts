import type { Server } from 'node:http';
import request from 'supertest';
import { describeApiBackends } from './support/api-backends';
import { type ApiFixture } from './support/api-fixture';
import {
  addPatrons,
  AT,
  circulationFixture,
  copy,
  patron,
  STAFF,
  TOLSTOY,
} from './support/circulation-fixture';

/**
 * Check-outs racing each other over HTTP. On the embedded default each operation is one
 * transaction; on MongoDB (FerretDB) the operations run step by step and must not pass through
 * `atomically` (its in-process queue would hide the races the compare-and-sets are there for):
 * the item's compare-and-set lets one check-out of an item win, the patron's keeps the limit.
 */
describeApiBackends((target) => {
  let f: ApiFixture;
  let server: Server;
  let atomically: jest.SpyInstance;
  beforeEach(async () => {
    f = await circulationFixture(target, 3);
    server = f.app.listen(0, '127.0.0.1');
    atomically = jest.spyOn(f.backends, 'atomically');
  });
  afterEach(async () => {
    atomically.mockRestore();
    await new Promise((resolve) => server.close(resolve));
    await f.close();
  });

  const checkOut = (itemBarcode: string, patronBarcode: string) =>
    request(server).post('/circulation/checkouts').set(STAFF).send({ itemBarcode, patronBarcode });

  function expectSerialisedOnlyWhenTransactional(): void {
    if (target.embedded) expect(atomically).toHaveBeenCalled();
    else expect(atomically).not.toHaveBeenCalled();
  }

  test('when 50 patrons check out one item at once, then exactly one gets it and 49 get 409 item_not_available', async () => {
    await f.backends.items.create(copy('HOT'), AT);
    const barcodes = Array.from({ length: 50 }, (_, n) => `P${String(n).padStart(2, '0')}`);
    await addPatrons(f, ...barcodes.map((b) => patron(b)));
    atomically.mockClear();

    const responses = await Promise.all(barcodes.map((b) => checkOut('HOT', b)));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = responses.filter((r) => r.status === 409);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((r) => r.body.code))).toEqual(new Set(['item_not_available']));
    const winner = responses.find((r) => r.status === 201)!.body.loan;
    const item = (await f.backends.items.get('HOT'))!;
    expect(item.loan?.id).toBe(winner.id);
    // Nobody else is counted: every losing check-out gave its place back.
    const patrons = await Promise.all(barcodes.map((b) => f.backends.patrons.get(b)));
    expect(patrons.flatMap((p) => p!.openLoans)).toEqual([winner.id]);
    expect(await f.backends.circulation.pendingIntents('9999-12-31T00:00:00.000Z')).toEqual([]);
    expectSerialisedOnlyWhenTransactional();
  });

  test('when a patron one below the limit checks out 5 items at once, then exactly one is lent', async () => {
    for (const b of ['A1', 'A2', 'C1', 'C2', 'C3', 'C4', 'C5']) await f.backends.items.create(copy(b), AT);
    const [ann] = await addPatrons(f, patron('P-ANN'));
    expect((await checkOut('A1', 'P-ANN')).status).toBe(201);
    expect((await checkOut('A2', 'P-ANN')).status).toBe(201);
    atomically.mockClear();

    const responses = await Promise.all(['C1', 'C2', 'C3', 'C4', 'C5'].map((b) => checkOut(b, 'P-ANN')));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([409, 'patron_limit_reached']));
    const now = (await f.backends.patrons.getById(ann!.id))!;
    expect(now.openLoans).toHaveLength(3);
    expect(now.loanCount).toBe(3);
    const lent = await f.backends.items.getMany(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(lent.filter((i) => i.loan)).toHaveLength(1);
    expectSerialisedOnlyWhenTransactional();
  });

  test('when one patron places the same hold 20 times at once, then exactly one is placed and 19 get 409 hold_already_placed naming it', async () => {
    await f.backends.items.create(copy('B1'), AT);
    const [ann] = await addPatrons(f, patron('P-ANN'));
    atomically.mockClear();

    // Half on the record, half on its copy: both are a hold of hers on the record.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        request(server)
          .post('/circulation/holds')
          .set(STAFF)
          .send({
            patronBarcode: 'P-ANN',
            pickupLibrary: 'MAIN',
            ...(n % 2 === 0 ? { recordId: TOLSTOY } : { itemBarcode: 'B1' }),
          }),
      ),
    );

    const placed = responses.filter((r) => r.status === 201);
    expect(placed).toHaveLength(1);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(19).fill([409, 'hold_already_placed']));
    const id = placed[0]!.body.id;
    expect(new Set(refused.map((r) => r.body.errors[0].id))).toEqual(new Set([id]));
    expect((await f.backends.circulation.holdsOfPatron(ann!.id)).map((h) => h.id)).toEqual([id]);
    const events = await f.backends.circulation.events({ kinds: ['hold-placed'], limit: 50 });
    expect(events.entries.map((e) => e.holdId)).toEqual([id]);
    expect(await f.backends.circulation.pendingIntents('9999-12-31T00:00:00.000Z')).toEqual([]);
    expectSerialisedOnlyWhenTransactional();
  });

  test('when 10 desks check in one loan at once, then it is checked in once and the rest say it was not on loan', async () => {
    await f.backends.items.create(copy('BACK'), AT);
    const [ann] = await addPatrons(f, patron('P-ANN'));
    expect((await checkOut('BACK', 'P-ANN')).status).toBe(201);
    atomically.mockClear();

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).post('/circulation/checkins').set(STAFF).send({ itemBarcode: 'BACK' }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.filter((r) => r.body.checkedIn === true)).toHaveLength(1);
    const item = (await f.backends.items.get('BACK'))!;
    expect(item.loan).toBeUndefined();
    expect((await f.backends.patrons.getById(ann!.id))!.openLoans).toEqual([]);
    expect(await f.backends.circulation.pendingIntents('9999-12-31T00:00:00.000Z')).toEqual([]);
    expectSerialisedOnlyWhenTransactional();
  });
});
