import type { Patron } from '../../../src/domain/patrons/patron';
import { AppError } from '../../../src/errors/app-error';
import type { CirculationService } from '../../../src/services/circulation.service';
import {
  AT,
  book,
  circulationHarness,
  Crash,
  crashAfter,
  reader,
  RECORD,
  type Harness,
} from '../../support/circulation-harness';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('CirculationService', () => {
  let h: Harness;
  let circ: CirculationService;
  let ann: Patron;
  let bob: Patron;
  beforeEach(async () => {
    h = circulationHarness();
    circ = h.service({ maxItems: 2 });
    await h.items.create(book('B1'), AT);
    await h.items.create(book('B2'), AT);
    await h.items.create(book('B3'), AT);
    await h.items.create(book('REF', { itemType: 'reference-only' }), AT);
    ann = await h.patrons.create(reader('P-ANN'), AT);
    bob = await h.patrons.create(reader('P-BOB'), AT);
  });
  afterEach(() => h.close());

  describe('check-out', () => {
    test('when a patron borrows an available item, then the item holds the loan and the patron counts it', async () => {
      const { loan, item } = await circ.checkOut({ itemBarcode: 'b1', patronBarcode: 'p-ann', by: 'k1' });
      expect(item).toMatchObject({ status: 'checked-out', loan: { id: loan.id, patronId: ann.id } });
      expect(loan).toMatchObject({
        library: 'MAIN',
        renewals: 0,
        dueAt: '2026-03-23T23:59:59.999Z',
        by: 'k1',
      });
      expect((await h.patrons.getById(ann.id))!.openLoans).toEqual([loan.id]);
      expect(await h.circulation.pendingIntents('9999')).toEqual([]);
      const events = await h.circulation.events({ loanId: loan.id, limit: 10 });
      expect(events.entries.map((e) => e.kind)).toEqual(['checkout']);
    });

    test('when the item is already out, then item_not_available and nothing changes for the patron', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' }))).toBe(
        'item_not_available',
      );
      expect((await h.patrons.getById(bob.id))!.openLoans).toEqual([]);
    });

    test('when the patron is at the limit, then patron_limit_reached; an override with a reason lends and is recorded', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      await circ.checkOut({ itemBarcode: 'B2', patronBarcode: 'P-ANN' });
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B3', patronBarcode: 'P-ANN' }))).toBe(
        'patron_limit_reached',
      );
      const { loan } = await circ.checkOut({
        itemBarcode: 'B3',
        patronBarcode: 'P-ANN',
        override: { reason: 'exam week', codes: ['patron_limit_reached'] },
        by: 'k9',
      });
      expect(loan.overrides).toEqual([
        { codes: ['patron_limit_reached'], reason: 'exam week', at: AT, by: 'k9' },
      ]);
    });

    test('when an override names a refusal nobody may override, then checkout_override_refused', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const again = circ.checkOut({
        itemBarcode: 'B1',
        patronBarcode: 'P-BOB',
        override: { reason: 'x', codes: ['item_not_available'] },
      });
      expect(await codeOf(again)).toBe('checkout_override_refused');
    });

    test('when the patron is blocked, expired or unknown, or the item does not lend, then the refusal names it', async () => {
      await h.patrons.update(bob.id, { block: { reason: 'fines', at: AT } }, bob.version, AT);
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' }))).toBe(
        'patron_blocked',
      );
      await h.patrons.create(reader('P-OLD', { expiry: '2020-01-01' }), AT);
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-OLD' }))).toBe(
        'patron_expired',
      );
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'NOBODY' }))).toBe(
        'patron_not_found',
      );
      expect(await codeOf(circ.checkOut({ itemBarcode: 'NOPE', patronBarcode: 'P-ANN' }))).toBe(
        'item_not_found',
      );
      expect(await codeOf(circ.checkOut({ itemBarcode: 'REF', patronBarcode: 'P-ANN' }))).toBe(
        'item_not_loanable',
      );
    });

    test('when lent from the bookmobile, then the loan carries that location and library', async () => {
      const { loan } = await circ.checkOut({
        itemBarcode: 'B1',
        patronBarcode: 'P-ANN',
        location: { library: 'MOBILE', shelf: 'BOOKMOBILE' },
      });
      expect(loan).toMatchObject({ library: 'MOBILE', location: { library: 'MOBILE', shelf: 'BOOKMOBILE' } });
    });
  });

  describe('concurrency on step-by-step backends', () => {
    test('when five patrons take one item at once, then exactly one loan exists and nobody else is counted', async () => {
      const others = await Promise.all(['P1', 'P2', 'P3', 'P4'].map((b) => h.patrons.create(reader(b), AT)));
      const tries = ['P-ANN', ...others.map((p) => p.barcode)].map((patronBarcode) =>
        circ.checkOut({ itemBarcode: 'B1', patronBarcode }).then(
          () => 'ok',
          (err: AppError) => err.code,
        ),
      );
      const outcomes = await Promise.all(tries);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'item_not_available')).toHaveLength(4);
      const counted = await h.patrons.getManyById([ann.id, ...others.map((p) => p.id)]);
      expect(counted.flatMap((p) => p.openLoans)).toHaveLength(1);
    });

    test('when a patron at the limit less one borrows three items at once, then one succeeds', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      await h.items.create(book('B4'), AT);
      const outcomes = await Promise.all(
        ['B2', 'B3', 'B4'].map((itemBarcode) =>
          circ.checkOut({ itemBarcode, patronBarcode: 'P-ANN' }).then(
            () => 'ok',
            (err: AppError) => err.code,
          ),
        ),
      );
      expect(outcomes.sort()).toEqual(['ok', 'patron_limit_reached', 'patron_limit_reached']);
      expect((await h.patrons.getById(ann.id))!.openLoans).toHaveLength(2);
    });
  });

  describe('check-in', () => {
    test('when a loan comes back at its library, then reshelving, the loan in the history unlinked, the place freed', async () => {
      const { loan } = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const result = await circ.checkIn({ itemBarcode: 'B1' });
      expect(result).toMatchObject({ checkedIn: true, action: 'reshelving', item: { status: 'reshelving' } });
      expect(result.item.loan).toBeUndefined();
      const closed = await h.circulation.closedLoan(loan.id);
      expect(closed).toMatchObject({ id: loan.id, returnedAt: AT });
      expect(closed!.patronId).toBeUndefined();
      expect((await h.patrons.getById(ann.id))!.openLoans).toEqual([]);
    });

    test('when the patron keeps their history, then the closed loan stays linked to them', async () => {
      const keeper = await h.patrons.create(reader('P-KEEP', { keepHistory: true }), AT);
      const { loan } = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-KEEP' });
      await circ.checkIn({ itemBarcode: 'B1' });
      expect((await h.circulation.closedLoan(loan.id))!.patronId).toBe(keeper.id);
    });

    test('when it comes back at another library, then in transit home', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const result = await circ.checkIn({ itemBarcode: 'B1', library: 'branch' });
      expect(result).toMatchObject({ checkedIn: true, action: 'in-transit', toLibrary: 'MAIN' });
      const arrived = await circ.checkIn({ itemBarcode: 'B1', library: 'MAIN' });
      expect(arrived).toMatchObject({
        checkedIn: false,
        action: 'reshelving',
        item: { status: 'reshelving' },
      });
    });

    test('when a missing item is scanned, then it is corrected to reshelving, not checked in', async () => {
      const item = (await h.items.get('B2'))!;
      await h.items.changeStatus('B2', { from: 'available', to: 'missing', at: AT }, item.version);
      const result = await circ.checkIn({ itemBarcode: 'B2' });
      expect(result).toMatchObject({ checkedIn: false, action: 'reshelving', correctedFrom: 'missing' });
      expect(result.item.status).toBe('reshelving');
    });
  });

  describe('holds', () => {
    test('when a loan with a hold waiting comes back at the pickup library, then on the hold shelf and only that patron may borrow it', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'main' });
      expect(hold).toMatchObject({ status: 'waiting', pickupLibrary: 'MAIN', patronId: bob.id });
      const back = await circ.checkIn({ itemBarcode: 'B1' });
      expect(back).toMatchObject({
        action: 'on-hold-shelf',
        hold: { id: hold.id, status: 'on-hold-shelf', shelfExpiresAt: '2026-03-09' },
        item: { status: 'on-hold-shelf', trappedHold: { holdId: hold.id, patronId: bob.id } },
      });
      expect(await codeOf(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' }))).toBe('item_on_hold');
      const { item } = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' });
      expect(item.trappedHold).toBeUndefined();
      expect((await h.circulation.hold(hold.id))!.status).toBe('fulfilled');
    });

    test('when the pickup library is elsewhere, then in transit there, and on the hold shelf when it arrives', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const hold = await circ.placeHold({
        patronBarcode: 'P-BOB',
        recordId: RECORD,
        pickupLibrary: 'BRANCH',
      });
      expect(await circ.checkIn({ itemBarcode: 'B1' })).toMatchObject({
        action: 'in-transit',
        toLibrary: 'BRANCH',
      });
      expect((await h.circulation.hold(hold.id))!.status).toBe('in-transit');
      const arrived = await circ.checkIn({ itemBarcode: 'B1', library: 'BRANCH' });
      expect(arrived).toMatchObject({
        checkedIn: false,
        action: 'on-hold-shelf',
        item: { status: 'on-hold-shelf' },
      });
      expect((await h.circulation.hold(hold.id))!.status).toBe('on-hold-shelf');
    });

    test('when a copy sits on the shelf, then placing a hold traps nothing; scanning the copy does', async () => {
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      expect((await h.items.get('B2'))!.status).toBe('available');
      const scanned = await circ.checkIn({ itemBarcode: 'B2' });
      expect(scanned).toMatchObject({ checkedIn: false, action: 'on-hold-shelf', hold: { id: hold.id } });
    });

    test('when the waiting patron is blocked, then check-in passes them over', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      const current = (await h.patrons.getById(bob.id))!;
      await h.patrons.update(bob.id, { block: { reason: 'fines', at: AT } }, current.version, AT);
      expect(await circ.checkIn({ itemBarcode: 'B1' })).toMatchObject({ action: 'reshelving' });
    });

    test('when a hold is placed twice, or for an unknown record, or by a blocked patron, then it is refused', async () => {
      await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      const twice = circ.placeHold({ patronBarcode: 'P-BOB', itemBarcode: 'B2', pickupLibrary: 'MAIN' });
      expect(await codeOf(twice)).toBe('hold_already_placed');
      const unknown = circ.placeHold({ patronBarcode: 'P-ANN', recordId: 'nope', pickupLibrary: 'MAIN' });
      expect(await codeOf(unknown)).toBe('record_not_found');
      await h.patrons.update(ann.id, { block: { reason: 'x', at: AT } }, ann.version, AT);
      const blocked = circ.placeHold({ patronBarcode: 'P-ANN', recordId: RECORD, pickupLibrary: 'MAIN' });
      expect(await codeOf(blocked)).toBe('patron_blocked');
    });

    test('when a hold on the shelf is cancelled, then its item is released to reshelving', async () => {
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      await circ.checkIn({ itemBarcode: 'B2' });
      const cancelled = await circ.cancelHold(hold.id, { reason: 'changed mind' });
      expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'changed mind' });
      const item = (await h.items.get('B2'))!;
      expect(item.status).toBe('reshelving');
      expect(item.trappedHold).toBeUndefined();
      expect(await circ.cancelHold(hold.id)).toMatchObject({ status: 'cancelled' });
      expect(await codeOf(circ.cancelHold('nope'))).toBe('hold_not_found');
    });

    test('when a hold ended but its item was never released (a crash between), then the trap binds nobody', async () => {
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      const trapped = await circ.checkIn({ itemBarcode: 'B2' });
      await h.circulation.updateHold(
        hold.id,
        { status: 'cancelled', endedAt: AT },
        trapped.hold!.version,
        AT,
      );
      expect((await h.items.get('B2'))!.trappedHold?.holdId).toBe(hold.id);

      const { item } = await circ.checkOut({ itemBarcode: 'B2', patronBarcode: 'P-ANN' });

      expect(item).toMatchObject({ status: 'checked-out', loan: { patronId: ann.id } });
      expect(item.trappedHold).toBeUndefined();
    });

    test('when holds expire, then a shelf-expired one releases its item and a waiting one past its date ends', async () => {
      const shelf = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      await circ.checkIn({ itemBarcode: 'B2' });
      const waiting = await circ.placeHold({
        patronBarcode: 'P-ANN',
        recordId: RECORD,
        pickupLibrary: 'MAIN',
        notNeededAfter: '2026-03-05',
      });
      const expired = await circ.expireHolds('2026-03-20');
      expect(expired.map((x) => x.id).sort()).toEqual([shelf.id, waiting.id].sort());
      expect((await h.items.get('B2'))!.status).toBe('reshelving');
    });
  });

  describe('recovery before operations', () => {
    test('when a crashed check-out left its intent a while ago, then the next operation settles it first', async () => {
      const crashed = crashAfter(h.ports, 2);
      const dead = h.service({ ports: crashed.ports });
      await expect(dead.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' })).rejects.toBeInstanceOf(
        Crash,
      );
      expect((await h.patrons.getById(ann.id))!.openLoans).toHaveLength(1);

      h.clock.now = '2026-03-02T10:05:00.000Z';
      const { loan } = await h.service().checkOut({ itemBarcode: 'B2', patronBarcode: 'P-BOB' });

      expect((await h.patrons.getById(ann.id))!.openLoans).toEqual([]);
      expect(await h.circulation.pendingIntents('9999')).toEqual([]);
      expect(loan.patronId).toBe(bob.id);
    });
  });

  describe('renewals', () => {
    test('when renewed, then due later and counted; at the rules limit, renewal_limit', async () => {
      const { loan } = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      h.clock.now = '2026-03-20T10:00:00.000Z';
      const first = await circ.renew({ loanId: loan.id });
      expect(first.loan).toMatchObject({ renewals: 1, dueAt: '2026-04-10T23:59:59.999Z' });
      await circ.renew({ itemBarcode: 'b1' });
      expect(await codeOf(circ.renew({ itemBarcode: 'B1' }))).toBe('renewal_limit');
      expect(await codeOf(circ.renew({ loanId: 'nope' }))).toBe('loan_not_found');
      expect(await codeOf(circ.renew({ itemBarcode: 'B2' }))).toBe('item_not_on_loan');
    });

    test('when another patron waits for the record, then item_on_hold', async () => {
      await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      expect(await codeOf(circ.renew({ itemBarcode: 'B1' }))).toBe('item_on_hold');
    });
  });
});
