import type { CirculationEvent } from '../../src/domain/circulation/circulation-event';
import {
  allPages,
  appErrorOf,
  event,
  ids,
  T0,
  T1,
  T2,
  T3,
  T4,
  useCirculationStore,
  type MakeCirculationStore,
} from './circulation-store.fixtures';

export function describeEventsContract(make: MakeCirculationStore): void {
  describe('the event log', () => {
    const store = useCirculationStore(make);

    test('when an event is appended, then it reads back as it was, details included', async () => {
      const full = event('e1', {
        kind: 'checkin',
        by: 'key-1',
        itemBarcode: 'B1',
        loanId: 'l1',
        holdId: 'h1',
        patronId: 'p1',
        details: { library: 'MAIN', renewals: 2, override: true },
      });
      await store().appendEvent(full);
      await store().appendEvent(event('e2', { at: T1 }));
      const page = await store().events({ limit: 10 });
      expect(page.entries).toEqual([event('e2', { at: T1 }), full]);
      expect(Object.keys(page.entries[0]!).sort()).toEqual(['at', 'id', 'kind']);
      expect(page.next).toBeUndefined();
    });

    test('when an event id is appended again, then the first one stands and the log has it once', async () => {
      await store().appendEvent(event('e1', { kind: 'checkout', patronId: 'p1' }));
      await store().appendEvent(event('e1', { kind: 'renew', at: T2 }));
      expect((await store().events({ limit: 10 })).entries).toEqual([
        event('e1', { kind: 'checkout', patronId: 'p1' }),
      ]);
    });

    test('when an event is read by its id, then it comes back whole; an unknown id is undefined', async () => {
      const full = event('offline-checkin:bm1-0002', {
        kind: 'checkin',
        itemBarcode: 'B1',
        loanId: 'l1',
        details: { onLoan: true },
      });
      await store().appendEvent(full);
      await store().appendEvent(event('e2', { at: T1 }));
      expect(await store().event('offline-checkin:bm1-0002')).toEqual(full);
      expect(await store().event('e3')).toBeUndefined();
    });

    test('when 20 appends of one id race, then the log has one event', async () => {
      await Promise.all(
        Array.from({ length: 20 }, () => store().appendEvent(event('e1', { patronId: 'p1' }))),
      );
      expect((await store().events({ limit: 50 })).entries).toEqual([event('e1', { patronId: 'p1' })]);
    });

    test('when the log is filtered, then each filter applies, together too', async () => {
      const log: CirculationEvent[] = [
        event('e1', { at: T0, kind: 'checkout', patronId: 'p1', itemBarcode: 'B1', loanId: 'l1' }),
        event('e2', { at: T1, kind: 'renew', patronId: 'p1', itemBarcode: 'B1', loanId: 'l1' }),
        event('e3', { at: T2, kind: 'checkin', patronId: 'p1', itemBarcode: 'b1', loanId: 'l1' }),
        event('e4', { at: T2, kind: 'checkout', patronId: 'p2', itemBarcode: 'B2', loanId: 'l2' }),
        event('e5', { at: T3, kind: 'hold-placed', patronId: 'p2', holdId: 'h1' }),
        event('e6', { at: T4, kind: 'patron-registered', by: 'system' }),
      ];
      for (const e of log) await store().appendEvent(e);
      const find = async (query: object) => ids((await store().events({ limit: 50, ...query })).entries);
      expect(await find({})).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
      expect(await find({ patronId: 'p1' })).toEqual(['e3', 'e2', 'e1']);
      expect(await find({ itemBarcode: ' b1' })).toEqual(['e3', 'e2', 'e1']);
      expect(await find({ loanId: 'l2' })).toEqual(['e4']);
      expect(await find({ kinds: ['checkout', 'checkin'] })).toEqual(['e4', 'e3', 'e1']);
      expect(await find({ kinds: [] })).toEqual([]);
      expect(await find({ from: T1, to: T3 })).toEqual(['e4', 'e3', 'e2']);
      expect(await find({ from: T3 })).toEqual(['e6', 'e5']);
      expect(await find({ to: T1 })).toEqual(['e1']);
      expect(await find({ patronId: 'p2', kinds: ['checkout'], from: T2, to: T4 })).toEqual(['e4']);
      expect(await find({ patronId: 'p3' })).toEqual([]);
    });

    test('when the log is longer than a page, then the cursors walk it newest first, ties by id, once', async () => {
      const ats = [T0, T2, T1, T2, T2, T3, T0];
      for (const [n, at] of ats.entries())
        await store().appendEvent(event(`e${n + 1}`, { at, patronId: 'p1' }));
      const all = await allPages((after) => store().events({ limit: 3, ...(after && { after }) }));
      expect(ids(all.entries)).toEqual(['e6', 'e5', 'e4', 'e2', 'e3', 'e7', 'e1']);
      expect(all.sizes).toEqual([3, 3, 1]);
      const filtered = await allPages((after) =>
        store().events({ limit: 2, patronId: 'p1', from: T1, ...(after && { after }) }),
      );
      expect(ids(filtered.entries)).toEqual(['e6', 'e5', 'e4', 'e2', 'e3']);
      // A page that ends exactly at the end says so: no cursor to an empty page.
      expect((await store().events({ limit: 7 })).next).toBeUndefined();
    });

    test('when a cursor is not one of this list, then invalid_parameter names the cursor', async () => {
      await store().appendEvent(event('e1'));
      const loansCursor = Buffer.from(JSON.stringify({ l: 'loans', a: T0, i: 'l1' })).toString('base64url');
      for (const after of ['nonsense!', 'e30', loansCursor]) {
        const error = await appErrorOf(store().events({ limit: 1, after }));
        expect(error.code).toBe('invalid_parameter');
        expect(error.details).toMatchObject({ parameter: 'cursor' });
      }
    });
  });
}
