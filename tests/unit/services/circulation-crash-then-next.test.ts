import type { Backends } from '../../../src/backends/backends';
import type { Patron } from '../../../src/domain/patrons/patron';
import { CirculationService } from '../../../src/services/circulation.service';
import {
  AT,
  book,
  Crash,
  crashAfter,
  circulationHarness,
  fixedPolicy,
  reader,
  RECORD,
  type Harness,
} from '../../support/circulation-harness';
import {
  circulationViolations,
  END_OF_TIME,
  readCirculationState,
} from '../../support/circulation-invariant';

/** Past the service's recoverAfterMs (a minute) after AT. */
const A_MINUTE_ON = '2026-03-02T10:01:30.000Z';

/**
 * An operation cut short, then the next operation on the same item before recovery has run: on
 * MongoDB recovery takes an intent over only once it is `recoverAfterMs` old, and the desk goes on
 * meanwhile (another server, or the restarted one). The next operation used to write its own
 * intent over the one left (the same id) and lose what it still had to do. Found by
 * tests/e2e/circulation-kill.test.ts.
 */
describe('a crashed operation, then the next one on its item before recovery', () => {
  let h: Harness;
  let ann: Patron;
  let bob: Patron;
  let desk: CirculationService;
  beforeEach(async () => {
    h = circulationHarness();
    await h.items.create(book('B1'), AT);
    ann = await h.patrons.create(reader('P-ANN', { keepHistory: true }), AT);
    bob = await h.patrons.create(reader('P-BOB', { keepHistory: true }), AT);
    // Its periodic recovery runs at its first operation only: what settles the intent is the next operation.
    desk = new CirculationService(h.ports, fixedPolicy(), {
      now: () => h.clock.now,
      recoverEveryMs: Number.POSITIVE_INFINITY,
      waitForOthersMs: 0,
    });
  });
  afterEach(() => h.close());

  const crashed = (steps: number) => h.service({ ports: crashAfter(h.ports, steps).ports });

  async function expectAgreement(): Promise<void> {
    const report = await h.service().recover(END_OF_TIME);
    expect(report.failed).toEqual([]);
    const state = await readCirculationState(h.ports as unknown as Backends, [ann.id, bob.id]);
    expect(circulationViolations(state)).toEqual([]);
  }

  /** While the intent is young its process may still run it: busy. Once old, the next operation settles it. */
  async function checkInBusyThenLater(): Promise<void> {
    await expect(desk.checkIn({ itemBarcode: 'B1' })).rejects.toMatchObject({ code: 'circulation_busy' });
    h.clock.now = A_MINUTE_ON;
    await desk.checkIn({ itemBarcode: 'B1' });
    expect(await h.circulation.pendingIntents(END_OF_TIME)).toEqual([]);
  }

  test('when a check-out dies after taking the item and the item is checked in, then the check-out is finished first (its event)', async () => {
    // putIntent, addLoan, circulate: the item holds the loan; the event and the intent's end are lost.
    await expect(crashed(3).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' })).rejects.toBeInstanceOf(
      Crash,
    );

    await checkInBusyThenLater();

    await expectAgreement();
    expect(await h.items.get('B1')).toMatchObject({ status: 'reshelving' });
    expect((await h.patrons.getById(ann.id))!).toMatchObject({ openLoans: [], loanCount: 1 });
  });

  test('when a check-out of a trapped item dies after taking it and the item is checked in, then its hold is fulfilled first', async () => {
    const hold = await desk.placeHold({ patronBarcode: 'P-ANN', recordId: RECORD, pickupLibrary: 'MAIN' });
    await desk.checkIn({ itemBarcode: 'B1' });
    expect(await h.items.get('B1')).toMatchObject({
      status: 'on-hold-shelf',
      trappedHold: { holdId: hold.id },
    });
    await expect(crashed(3).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' })).rejects.toBeInstanceOf(
      Crash,
    );

    await checkInBusyThenLater();

    await expectAgreement();
    expect(await h.circulation.hold(hold.id)).toMatchObject({ status: 'fulfilled' });
  });

  test('when a check-in dies after trapping a hold and the item is checked in again, then the first check-in is finished', async () => {
    const { loan } = await desk.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
    const hold = await desk.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
    // putIntent, updateHold: the hold says on-hold-shelf with B1; the item still holds the loan.
    await expect(crashed(2).checkIn({ itemBarcode: 'B1' })).rejects.toBeInstanceOf(Crash);

    await checkInBusyThenLater();

    await expectAgreement();
    expect(await h.items.get('B1')).toMatchObject({
      status: 'on-hold-shelf',
      trappedHold: { holdId: hold.id },
    });
    expect(await h.circulation.closedLoan(loan.id)).toMatchObject({ returnedAt: AT });
  });

  test('when a scan that traps a hold dies between the hold and the item, then the next scan finishes it', async () => {
    const hold = await desk.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
    // putIntent, updateHold: the hold says on-hold-shelf with B1; the item sits on the shelf, untrapped.
    await expect(crashed(2).checkIn({ itemBarcode: 'B1' })).rejects.toBeInstanceOf(Crash);
    expect(await h.circulation.hold(hold.id)).toMatchObject({ status: 'on-hold-shelf', trappedItem: 'B1' });

    await checkInBusyThenLater();

    await expectAgreement();
    expect(await h.items.get('B1')).toMatchObject({
      status: 'on-hold-shelf',
      trappedHold: { holdId: hold.id },
    });
  });

  test('when a scan that traps a hold dies between the hold and the item, then recovery alone traps the item', async () => {
    const hold = await desk.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
    await expect(crashed(2).checkIn({ itemBarcode: 'B1' })).rejects.toBeInstanceOf(Crash);

    await expectAgreement();

    expect(await h.items.get('B1')).toMatchObject({
      status: 'on-hold-shelf',
      trappedHold: { holdId: hold.id },
    });
    const kinds = (await h.circulation.events({ itemBarcode: 'B1', limit: 10 })).entries.map((e) => e.kind);
    expect(kinds.sort()).toEqual(['checkin', 'hold-trapped']);
  });

  test('when a scan that traps a hold dies and the item is changed before recovery, then the hold waits again', async () => {
    const hold = await desk.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
    await expect(crashed(2).checkIn({ itemBarcode: 'B1' })).rejects.toBeInstanceOf(Crash);
    const item = (await h.items.get('B1'))!;
    await h.items.update('B1', { ...item, staffNotes: ['spine mended'] }, item.version, AT);

    await expectAgreement();

    expect(await h.circulation.hold(hold.id)).toMatchObject({ status: 'waiting' });
    expect((await h.circulation.hold(hold.id))!.trappedItem).toBeUndefined();
    expect((await h.items.get('B1'))!.trappedHold).toBeUndefined();
  });
});

describe('a renewal or a hold placed, cut short after its one write', () => {
  let h: Harness;
  let ann: Patron;
  let bob: Patron;
  beforeEach(async () => {
    h = circulationHarness();
    await h.items.create(book('B1'), AT);
    ann = await h.patrons.create(reader('P-ANN'), AT);
    bob = await h.patrons.create(reader('P-BOB'), AT);
  });
  afterEach(() => h.close());

  async function expectAgreement(): Promise<void> {
    const report = await h.service().recover(END_OF_TIME);
    expect(report.failed).toEqual([]);
    const state = await readCirculationState(h.ports as unknown as Backends, [ann.id, bob.id]);
    expect(circulationViolations(state)).toEqual([]);
  }

  test('when a renewal dies after the item took it, then recovery appends its event', async () => {
    const { loan } = await h.service().checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
    // putIntent, circulate: the loan says renewed once; the event is lost.
    const crashed = crashAfter(h.ports, 2);
    await expect(h.service({ ports: crashed.ports }).renew({ itemBarcode: 'B1' })).rejects.toBeInstanceOf(
      Crash,
    );
    expect(crashed.taken).toEqual(['putIntent', 'circulate']);

    await expectAgreement();

    expect((await h.items.get('B1'))!.loan).toMatchObject({ id: loan.id, renewals: 1 });
  });

  test('when a renewal dies before the item took it, then recovery appends nothing', async () => {
    await h.service().checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
    await expect(
      h.service({ ports: crashAfter(h.ports, 1).ports }).renew({ itemBarcode: 'B1' }),
    ).rejects.toBeInstanceOf(Crash);

    await expectAgreement();

    expect((await h.items.get('B1'))!.loan).toMatchObject({ renewals: 0 });
  });

  test('when placing a hold dies after the hold, then recovery appends its event', async () => {
    const crashed = crashAfter(h.ports, 2);
    await expect(
      h
        .service({ ports: crashed.ports })
        .placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' }),
    ).rejects.toBeInstanceOf(Crash);
    expect(crashed.taken).toEqual(['putIntent', 'createHold']);

    await expectAgreement();

    expect(await h.circulation.holdsOfPatron(bob.id)).toHaveLength(1);
  });
});

describe('a check-in beside another operation still running on its item', () => {
  test('when the other operation ends within the wait, then the check-in goes ahead', async () => {
    const h = circulationHarness();
    await h.items.create(book('B1'), AT);
    await h.patrons.create(reader('P-ANN'), AT);
    const desk = new CirculationService(h.ports, fixedPolicy(), {
      now: () => h.clock.now,
      waitForOthersMs: 2000,
    });
    const { loan } = await desk.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
    // Another desk's renewal of the loan, between its intent and its end.
    await h.circulation.putIntent({
      id: loan.id,
      kind: 'renew',
      startedAt: AT,
      loan,
      event: { id: `${loan.id}:renew:0`, kind: 'renew', at: AT },
    });
    setTimeout(() => void h.circulation.deleteIntent(loan.id), 100);

    await expect(desk.checkIn({ itemBarcode: 'B1' })).resolves.toMatchObject({ checkedIn: true });
    h.close();
  });
});
