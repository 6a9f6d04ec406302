import type { Patron } from '../../src/domain/patrons/patron';
import { AT, book, Crash, crashAfter, reader, RECORD, type Harness } from './circulation-harness';

const LATER = '9999-12-31T00:00:00.000Z';

/**
 * recover() after a crash at every step of check-out and of check-in (with a hold to trap): the
 * process dies after `k` writes; recovery must leave item, patron, hold and history agreeing, and
 * no intent behind. Run against any harness (memory items, SQLite stores, MongoDB).
 */
export function describeRecoveryCases(open: () => Promise<Harness>): void {
  let h: Harness;
  let ann: Patron;
  let bob: Patron;
  beforeEach(async () => {
    h = await open();
    await h.items.create(book('B1'), AT);
    ann = await h.patrons.create(reader('P-ANN'), AT);
    bob = await h.patrons.create(reader('P-BOB'), AT);
  });
  afterEach(() => h.close());

  async function stepsOf(run: (h: Harness) => Promise<unknown>): Promise<string[]> {
    const probe = crashAfter(h.ports, Number.POSITIVE_INFINITY);
    await run({ ...h, ports: probe.ports });
    return probe.taken;
  }

  describe('a check-out cut short', () => {
    const checkout = (x: Harness) =>
      x.service({ ports: x.ports }).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });

    test('when it dies after any step, then recovery finishes or undoes it: item and patron agree', async () => {
      const steps = await stepsOf(checkout);
      expect(steps).toEqual(['putIntent', 'addLoan', 'circulate', 'appendEvent', 'deleteIntent']);
      for (let k = 0; k < steps.length; k++) {
        await h.close();
        h = await open();
        await h.items.create(book('B1'), AT);
        ann = await h.patrons.create(reader('P-ANN'), AT);
        const crashed = crashAfter(h.ports, k);
        await expect(checkout({ ...h, ports: crashed.ports })).rejects.toBeInstanceOf(Crash);

        const report = await h.service().recover(LATER);
        expect(report.failed).toEqual([]);
        expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
        const item = (await h.items.get('B1'))!;
        const patron = (await h.patrons.getById(ann.id))!;
        if (k >= 3) {
          expect(item.loan?.patronId).toBe(ann.id);
          expect(patron.openLoans).toEqual([item.loan!.id]);
          expect(patron.loanCount).toBe(1);
          const events = await h.circulation.events({ loanId: item.loan!.id, limit: 5 });
          expect(events.entries.map((e) => e.kind)).toEqual(['checkout']);
        } else {
          expect(item.loan).toBeUndefined();
          expect(item.status).toBe('available');
          expect(patron.openLoans).toEqual([]);
          expect(patron.loanCount).toBe(0);
        }
        // The desk goes on: the item lends (again) as if nothing had happened.
        const circ = h.service();
        if (item.loan) await circ.checkIn({ itemBarcode: 'B1' });
        await expect(circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' })).resolves.toBeDefined();
      }
    });
  });

  describe('a check-out fulfilling a hold, cut short after the item step', () => {
    test('when it runs to the end, then the hold is fulfilled right after the item step', async () => {
      const circ = h.service();
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      await circ.checkIn({ itemBarcode: 'B1' });
      const steps = await stepsOf((x) =>
        x.service({ ports: x.ports }).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' }),
      );
      expect(steps.slice(0, 4)).toEqual(['putIntent', 'addLoan', 'circulate', 'updateHold']);
      expect((await h.circulation.hold(hold.id))!.status).toBe('fulfilled');
    });

    test('when it dies after the item step, then the loan stands and the hold ends fulfilled', async () => {
      const circ = h.service();
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      await circ.checkIn({ itemBarcode: 'B1' });
      const crashed = crashAfter(h.ports, 3);
      const run = h.service({ ports: crashed.ports }).checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' });
      await expect(run).rejects.toBeInstanceOf(Crash);
      expect((await h.circulation.hold(hold.id))!.status).toBe('on-hold-shelf');

      await h.service().recover(LATER);

      expect((await h.circulation.hold(hold.id))!.status).toBe('fulfilled');
      const item = (await h.items.get('B1'))!;
      expect(item).toMatchObject({ status: 'checked-out', loan: { patronId: bob.id } });
      expect(item.trappedHold).toBeUndefined();
      expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
    });
  });

  describe('a check-in with a hold to trap, cut short', () => {
    const checkin = (x: Harness) => x.service({ ports: x.ports }).checkIn({ itemBarcode: 'B1' });

    async function lentAndHeld(): Promise<{ loanId: string; holdId: string }> {
      const circ = h.service();
      const { loan } = await circ.checkOut({ itemBarcode: 'B1', patronBarcode: 'P-ANN' });
      const hold = await circ.placeHold({ patronBarcode: 'P-BOB', recordId: RECORD, pickupLibrary: 'MAIN' });
      return { loanId: loan.id, holdId: hold.id };
    }

    test('when it dies after any step, then recovery completes it: hold trapped, loan closed, place freed', async () => {
      await lentAndHeld();
      const steps = await stepsOf(checkin);
      expect(steps).toEqual([
        'putIntent',
        'updateHold',
        'circulate',
        'putClosedLoan',
        'removeLoan',
        'appendEvent',
        'appendEvent',
        'deleteIntent',
      ]);
      for (let k = 0; k < steps.length; k++) {
        await h.close();
        h = await open();
        await h.items.create(book('B1'), AT);
        ann = await h.patrons.create(reader('P-ANN'), AT);
        bob = await h.patrons.create(reader('P-BOB'), AT);
        const { loanId, holdId } = await lentAndHeld();
        const crashed = crashAfter(h.ports, k);
        await expect(checkin({ ...h, ports: crashed.ports })).rejects.toBeInstanceOf(Crash);

        const report = await h.service().recover(LATER);
        expect(report.failed).toEqual([]);
        expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
        const item = (await h.items.get('B1'))!;
        const hold = (await h.circulation.hold(holdId))!;
        const patron = (await h.patrons.getById(ann.id))!;
        if (k === 0) {
          expect(item.loan?.id).toBe(loanId);
          expect(patron.openLoans).toEqual([loanId]);
          expect(hold.status).toBe('waiting');
          continue;
        }
        expect(item.loan).toBeUndefined();
        expect(item).toMatchObject({ status: 'on-hold-shelf', trappedHold: { holdId, patronId: bob.id } });
        expect(hold).toMatchObject({ status: 'on-hold-shelf', trappedItem: 'B1' });
        expect(patron.openLoans).toEqual([]);
        expect(await h.circulation.closedLoan(loanId)).toMatchObject({ id: loanId, returnedAt: AT });
        const kinds = (await h.circulation.events({ loanId, limit: 10 })).entries.map((e) => e.kind);
        expect(kinds.sort()).toEqual(['checkin', 'checkout']);
        await expect(
          h.service().checkOut({ itemBarcode: 'B1', patronBarcode: 'P-BOB' }),
        ).resolves.toMatchObject({ hold: { status: 'fulfilled' } });
      }
    });
  });

  describe('a scan that traps no hold, cut short', () => {
    // B1 is on the shelf at MAIN; scanned at BRANCH it is sent home: one item write and its event.
    const scan = (x: Harness) =>
      x.service({ ports: x.ports }).checkIn({ itemBarcode: 'B1', library: 'BRANCH' });

    test('when it dies after any step, then the move and its check-in event stand together, or neither', async () => {
      const steps = await stepsOf(scan);
      expect(steps).toEqual(['putIntent', 'circulate', 'appendEvent', 'deleteIntent']);
      for (let k = 0; k < steps.length; k++) {
        await h.close();
        h = await open();
        await h.items.create(book('B1'), AT);
        const crashed = crashAfter(h.ports, k);
        await expect(scan({ ...h, ports: crashed.ports })).rejects.toBeInstanceOf(Crash);

        const report = await h.service().recover(LATER);
        expect(report.failed).toEqual([]);
        expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
        const item = (await h.items.get('B1'))!;
        const events = (await h.circulation.events({ itemBarcode: 'B1', limit: 10 })).entries;
        if (k < 2) {
          expect(item.status).toBe('available');
          expect(events).toEqual([]);
        } else {
          expect(item.status).toBe('in-transit');
          expect(events.map((e) => [e.kind, e.details])).toEqual([
            ['checkin', { onLoan: false, from: 'available', to: 'in-transit', corrected: false }],
          ]);
          expect(events[0]!.at).toBe(item.history[item.history.length - 1]!.at);
        }
        // The desk goes on: scanned at home, it is back on its shelf (reshelved, if it had left).
        await h.service().checkIn({ itemBarcode: 'B1', library: 'MAIN' });
        expect((await h.items.get('B1'))!.status).toBe(k < 2 ? 'available' : 'reshelving');
        expect(await h.circulation.pendingIntents(LATER)).toEqual([]);
      }
    });
  });
}
