import {
  checkoutIntent,
  closedLoan,
  event,
  ids,
  newHold,
  T0,
  T1,
  T2,
  T3,
  useCirculationStore,
  type MakeCirculationStore,
} from './circulation-store.fixtures';

export function describeUnlinkContract(make: MakeCirculationStore): void {
  describe('unlinking a patron', () => {
    const store = useCirculationStore(make);

    async function arrange(): Promise<void> {
      await store().putClosedLoan(closedLoan('l1', { returnedAt: T1 }));
      await store().putClosedLoan(closedLoan('l2', { returnedAt: T2, itemBarcode: 'B2' }));
      await store().putClosedLoan(closedLoan('l3', { returnedAt: T2, patronId: 'p2', itemBarcode: 'B3' }));
      await store().createHold(newHold('h1', { placedAt: T0 }), T0);
      await store().createHold(newHold('h2', { placedAt: T1, status: 'fulfilled', endedAt: T2 }), T1);
      await store().createHold(newHold('h3', { placedAt: T1, patronId: 'p2' }), T1);
      await store().appendEvent(event('e1', { at: T0, patronId: 'p1', itemBarcode: 'B1', loanId: 'l1' }));
      await store().appendEvent(event('e2', { at: T1, kind: 'checkin', patronId: 'p1', loanId: 'l1' }));
      await store().appendEvent(event('e3', { at: T2, kind: 'hold-placed', patronId: 'p1', holdId: 'h1' }));
      await store().appendEvent(event('e4', { at: T3, patronId: 'p2' }));
    }

    test('when a patron is unlinked, then their id leaves every loan, hold and event, the rest stays', async () => {
      await arrange();
      const hold = (await store().hold('h1'))!;
      expect(await store().unlinkPatron('p1')).toBe(7);

      const loan = await store().closedLoan('l1');
      const { patronId: _loanPatron, ...unlinkedLoan } = closedLoan('l1', { returnedAt: T1 });
      expect(loan).toEqual(unlinkedLoan);
      expect(loan).not.toHaveProperty('patronId');
      expect((await store().closedLoansOfPatron('p1', { limit: 10 })).entries).toEqual([]);
      expect((await store().closedLoansOfItem('B1', { limit: 10 })).entries).toEqual([unlinkedLoan]);

      const unlinkedHold = await store().hold('h1');
      expect(unlinkedHold).not.toHaveProperty('patronId');
      expect(unlinkedHold).toMatchObject({ id: 'h1', recordId: 'r1', status: 'waiting', placedAt: T0 });
      expect(unlinkedHold!.version).toBeGreaterThanOrEqual(hold.version);
      // Still in its record's queue: a hold stays, only who placed it is gone.
      expect(ids(await store().holdQueue('r1'))).toEqual(['h1', 'h3']);
      expect(await store().holdsOfPatron('p1', { includeEnded: true })).toEqual([]);

      expect((await store().events({ limit: 10, patronId: 'p1' })).entries).toEqual([]);
      const log = (await store().events({ limit: 10 })).entries;
      expect(ids(log)).toEqual(['e4', 'e3', 'e2', 'e1']);
      expect(log.filter((e) => e.patronId !== undefined).map((e) => e.patronId)).toEqual(['p2']);
      expect(log[3]).toEqual(event('e1', { at: T0, itemBarcode: 'B1', loanId: 'l1' }));

      expect(ids((await store().closedLoansOfPatron('p2', { limit: 10 })).entries)).toEqual(['l3']);
      expect(ids(await store().holdsOfPatron('p2'))).toEqual(['h3']);
      expect(ids((await store().events({ limit: 10, patronId: 'p2' })).entries)).toEqual(['e4']);
    });

    test("when a returned loan is unlinked, then its events let go of the patron and no other's do", async () => {
      await arrange();
      await store().appendEvent(event('e5', { at: T3, kind: 'renew', patronId: 'p1', loanId: 'l2' }));
      expect(await store().unlinkLoan('l1')).toBe(2);
      const log = (await store().events({ limit: 10 })).entries;
      expect(log.filter((e) => e.loanId === 'l1').map((e) => e.patronId)).toEqual([undefined, undefined]);
      expect(log.find((e) => e.id === 'e1')).toEqual(
        event('e1', { at: T0, itemBarcode: 'B1', loanId: 'l1' }),
      );
      // The patron's other loan, their hold and another patron's events keep their link.
      expect(ids((await store().events({ limit: 10, patronId: 'p1' })).entries)).toEqual(['e5', 'e3']);
      expect(ids((await store().events({ limit: 10, patronId: 'p2' })).entries)).toEqual(['e4']);
      expect(await store().unlinkLoan('l1')).toBe(0);
      expect(await store().unlinkLoan('nobody')).toBe(0);
    });

    test('when a patron is unlinked again, then nothing changes and none is counted', async () => {
      await arrange();
      await store().unlinkPatron('p1');
      const before = {
        loan: await store().closedLoan('l1'),
        hold: await store().hold('h1'),
        log: await store().events({ limit: 10 }),
      };
      expect(await store().unlinkPatron('p1')).toBe(0);
      expect(await store().closedLoan('l1')).toEqual(before.loan);
      expect(await store().hold('h1')).toEqual(before.hold);
      expect(await store().events({ limit: 10 })).toEqual(before.log);
      expect(await store().unlinkPatron('nobody')).toBe(0);
    });

    test('when an unlinked hold is updated from its new version, then it stays unlinked', async () => {
      await arrange();
      await store().unlinkPatron('p1');
      const current = (await store().hold('h1'))!;
      const updated = await store().updateHold(
        'h1',
        { status: 'cancelled', endedAt: T3 },
        current.version,
        T3,
      );
      expect(updated).not.toHaveProperty('patronId');
      expect(await store().hold('h1')).toEqual(updated);
    });
  });
}

export function describeIntentsContract(make: MakeCirculationStore): void {
  describe('intents of operations in flight', () => {
    const store = useCirculationStore(make);

    test('when intents are put, then those started before the bound come back oldest first', async () => {
      await store().putIntent(checkoutIntent('i2', T1));
      await store().putIntent(checkoutIntent('i1', T1));
      await store().putIntent(checkoutIntent('i0', T0));
      await store().putIntent(checkoutIntent('i3', T3));
      const pending = await store().pendingIntents(T2);
      expect(ids(pending)).toEqual(['i0', 'i1', 'i2']);
      expect(pending[0]).toEqual(checkoutIntent('i0', T0));
      expect(ids(await store().pendingIntents(T1))).toEqual(['i0']);
      expect(await store().pendingIntents(T0)).toEqual([]);
    });

    test('when an intent is put again, then it replaces the first', async () => {
      await store().putIntent(checkoutIntent('i1', T0));
      const again = { ...checkoutIntent('i1', T2), itemVersion: 4 };
      await store().putIntent(again);
      expect(await store().pendingIntents(T1)).toEqual([]);
      expect(await store().pendingIntents(T3)).toEqual([again]);
    });

    test('when an intent is deleted, then it is gone, and deleting it again is no error', async () => {
      await store().putIntent(checkoutIntent('i1', T0));
      await store().putIntent(checkoutIntent('i2', T0));
      await store().deleteIntent('i1');
      await store().deleteIntent('i1');
      await store().deleteIntent('never');
      expect(ids(await store().pendingIntents(T3))).toEqual(['i2']);
    });
  });
}
