import type { TrappedHold } from '../../src/domain/circulation/hold';
import type { Loan } from '../../src/domain/circulation/loan';
import type { ItemStore } from '../../src/items/port';
import { useItemStore } from './item-store.contract';
import { barcodes, EAST_STACKS, newItem, T0, T1, T2, type MakeItemStore } from './item-store.fixtures';

/** An open loan of `barcode` to `patronId`, due at `dueAt`, lent by MAIN unless told. */
function loan(barcode: string, patronId: string, dueAt: string, extra: Partial<Loan> = {}): Loan {
  return {
    id: `loan-${barcode}`,
    itemBarcode: barcode,
    recordId: 'r1',
    patronId,
    patronType: 'adult',
    library: 'MAIN',
    checkedOutAt: T1,
    dueAt,
    renewals: 0,
    ...extra,
  };
}

const HOLD: TrappedHold = {
  holdId: 'h1',
  patronId: 'p2',
  pickupLibrary: 'EAST',
  shelfExpiresAt: '2026-01-10',
};

/** Makes `barcode` and checks it out to `patronId`: the item at version 2 holding the loan. */
async function lent(
  store: ItemStore,
  barcode: string,
  patronId: string,
  dueAt: string,
  extra: Partial<Loan> = {},
) {
  await store.create(newItem(barcode, 'r1'), T0);
  const out = await store.circulate(
    barcode,
    { to: 'checked-out', at: T1, by: 'desk' },
    { loan: loan(barcode, patronId, dueAt, extra) },
    1,
  );
  return out!;
}

/** circulate, withLoan, onLoanTo and loans (docs/items.md, "Loans on items"). */
export function describeItemCirculationContract(makeItems: MakeItemStore): void {
  describe('circulate', () => {
    const store = useItemStore(makeItems);

    test('when an item is checked out, then status and loan change in one version and read back as given', async () => {
      const created = await store().create(newItem('c1', 'r1'), T0);
      const given = loan('c1', 'p1', T2, {
        location: EAST_STACKS,
        overrides: [{ codes: ['patron_limit_reached'], reason: 'teacher', at: T1, by: 'desk' }],
        by: 'desk',
      });
      const out = await store().circulate(
        'C1',
        { to: 'checked-out', at: T1, by: 'desk' },
        { loan: given },
        1,
      );
      expect(out).toEqual({
        ...created,
        status: 'checked-out',
        version: 2,
        updatedAt: T1,
        history: [...created.history, { from: 'available', to: 'checked-out', at: T1, by: 'desk' }],
        loan: given,
      });
      expect(await store().get('c1')).toEqual(out);
      expect('trappedHold' in (await store().get('c1'))!).toBe(false);
    });

    test('when circulation leaves a part absent, then it keeps it; null clears it', async () => {
      await lent(store(), 'c1', 'p1', T2);
      // Check-in trapping it for a hold: the loan cleared, the hold set.
      const trapped = await store().circulate(
        'c1',
        { to: 'on-hold-shelf', at: T2 },
        { loan: null, trappedHold: HOLD },
        2,
      );
      expect(trapped).toMatchObject({ status: 'on-hold-shelf', version: 3, trappedHold: HOLD });
      expect('loan' in trapped!).toBe(false);
      // The holder borrows it: a new loan, the hold kept until cleared.
      const second = loan('c1', 'p2', '2026-02-01T00:00:00.000Z');
      const borrowed = await store().circulate('c1', { to: 'checked-out', at: T2 }, { loan: second }, 3);
      expect(borrowed).toMatchObject({ loan: second, trappedHold: HOLD, version: 4 });
      const cleared = await store().circulate('c1', { to: 'checked-out', at: T2 }, { trappedHold: null }, 4);
      expect(cleared).toMatchObject({ loan: second, version: 5 });
      expect('trappedHold' in cleared!).toBe(false);
      expect(await store().get('c1')).toEqual(cleared);
      expect(cleared!.history.map((h) => h.to)).toEqual([
        'available',
        'checked-out',
        'on-hold-shelf',
        'checked-out',
        'checked-out',
      ]);
    });

    test('when circulation is stale, then version_conflict carries the current item and nothing changes', async () => {
      const item = await lent(store(), 'c1', 'p1', T2);
      const stale = store().circulate('c1', { to: 'available', at: T2 }, { loan: null }, 1);
      await expect(stale).rejects.toMatchObject({
        code: 'version_conflict',
        details: { barcode: 'c1', version: 2, item },
      });
      expect(await store().get('c1')).toEqual(item);
    });

    test('when the barcode is unknown, then circulate answers undefined', async () => {
      expect(await store().circulate('nope', { to: 'checked-out', at: T1 }, {}, 1)).toBeUndefined();
    });

    test('when 50 check-outs of one item race from one version, then exactly one wins and 49 get version_conflict', async () => {
      await store().create(newItem('race', 'r1'), T0);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) =>
          store().circulate(
            n % 2 ? 'RACE' : 'race',
            { to: 'checked-out', at: T1 },
            { loan: loan('race', `p${n}`, T2) },
            1,
          ),
        ),
      );
      const won = results.filter(
        (r): r is PromiseFulfilledResult<Awaited<ReturnType<ItemStore['get']>>> => r.status === 'fulfilled',
      );
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const r of lost)
        expect(r.reason).toMatchObject({ code: 'version_conflict', details: { version: 2 } });
      const final = await store().get('race');
      expect(final).toEqual(won[0]!.value);
      expect(final?.history).toHaveLength(2);
      const winner = final!.loan!.patronId!;
      expect(barcodes(await store().onLoanTo(winner))).toEqual(['race']);
      expect((await store().loans({ limit: 100 })).items).toHaveLength(1);
    });
  });

  describe('loads and other writes keep circulation', () => {
    const store = useItemStore(makeItems);

    test('when a load gives a status for an item on loan, then loan and status stay and the outcome names the status', async () => {
      const item = await lent(store(), 'c1', 'p1', T2);
      const [outcome] = await store().load(
        [{ ...newItem('c1', 'r1'), status: 'lost', statusReason: '952 $1' }],
        T2,
        'ingest',
      );
      expect(outcome).toEqual({ barcode: 'c1', outcome: 'unchanged', item, statusNotApplied: 'lost' });
      const [moved] = await store().load(
        [{ ...newItem('c1', 'r1'), itemType: 'dvd', status: 'available' }],
        T2,
        'ingest',
      );
      expect(moved).toMatchObject({ outcome: 'updated', statusNotApplied: 'available' });
      expect(moved!.item).toEqual({ ...item, itemType: 'dvd', version: 3, updatedAt: T2 });
      expect(await store().get('c1')).toEqual(moved!.item);
      expect(barcodes(await store().onLoanTo('p1'))).toEqual(['c1']);
    });

    test('when a load gives a status for an item trapped for a hold, then it is not applied either', async () => {
      await store().create(newItem('h1', 'r1'), T0);
      await store().circulate('h1', { to: 'in-transit', at: T1 }, { trappedHold: HOLD }, 1);
      const [outcome] = await store().load([{ ...newItem('h1', 'r1'), status: 'available' }], T2, 'ingest');
      expect(outcome).toMatchObject({ outcome: 'unchanged', statusNotApplied: 'available' });
      expect(await store().get('h1')).toMatchObject({ status: 'in-transit', trappedHold: HOLD });
    });

    test('when a load gives no status or the same one, then nothing is named', async () => {
      await lent(store(), 'c1', 'p1', T2);
      const [outcome] = await store().load([newItem('c1', 'r1')], T2, 'ingest');
      expect(outcome).toEqual(expect.not.objectContaining({ statusNotApplied: expect.anything() }));
    });

    test('when an item on loan is updated or moved by staff, then its loan stays', async () => {
      await lent(store(), 'c1', 'p1', T2);
      const updated = await store().update('c1', { ...newItem('c1', 'r1'), itemType: 'dvd' }, 2, T2);
      expect(updated?.loan?.patronId).toBe('p1');
      const lost = await store().changeStatus('c1', { to: 'lost', at: T2 }, 3);
      expect(lost).toMatchObject({ status: 'lost', loan: { patronId: 'p1' } });
      expect(barcodes(await store().onLoanTo('p1'))).toEqual(['c1']);
    });

    test('when the other items of a record are withdrawn, then one on loan stays', async () => {
      await lent(store(), 'c1', 'p1', T2);
      await store().changeStatus('c1', { to: 'lost', at: T2 }, 2);
      await store().create(newItem('c2', 'r1'), T0);
      const withdrawn = await store().withdrawOthers(['r1'], [], 'not in load', T2, 'ingest');
      expect(barcodes(withdrawn)).toEqual(['c2']);
      expect(await store().get('c1')).toMatchObject({ status: 'lost', loan: { patronId: 'p1' } });
    });
  });

  describe('withLoan, onLoanTo and loans', () => {
    const store = useItemStore(makeItems);

    /** Four loans: p1 has b (due 08:00Z, written +02:00), a and c (09:00Z); p2 has d (EAST, 12:00Z). */
    async function fourLoans(): Promise<void> {
      await lent(store(), 'c', 'p1', '2026-02-01T09:00:00.000Z');
      await lent(store(), 'A', 'p1', '2026-02-01T09:00:00Z');
      await lent(store(), 'b', 'p1', '2026-02-01T10:00:00+02:00');
      await lent(store(), 'd', 'p2', '2026-02-01T12:00:00.000Z', { library: 'EAST' });
      // Returned: no longer on loan to anyone.
      await lent(store(), 'e', 'p1', '2026-01-01T00:00:00.000Z');
      await store().circulate('e', { to: 'available', at: T2 }, { loan: null }, 2);
    }

    test("when a patron's loans are asked, then they come soonest due first, as instants, then by barcode key", async () => {
      await fourLoans();
      expect(barcodes(await store().onLoanTo('p1'))).toEqual(['b', 'A', 'c']);
      expect(barcodes(await store().onLoanTo('p2'))).toEqual(['d']);
      expect(await store().onLoanTo('nobody')).toEqual([]);
    });

    test('when an open loan is asked by its id, then its item answers, renewed or unlinked alike; a returned one none', async () => {
      await fourLoans();
      expect((await store().withLoan('loan-b'))?.barcode).toBe('b');
      expect((await store().withLoan('loan-d'))?.loan).toMatchObject({ id: 'loan-d', patronId: 'p2' });
      expect(await store().withLoan('loan-e')).toBeUndefined();
      expect(await store().withLoan('nothing')).toBeUndefined();
      // The loan changes on its item (a renewal, a patron unlinked): still found by its id.
      const c = (await store().get('c'))!;
      const { patronId: _p, ...unlinked } = c.loan!;
      await store().circulate('c', { to: 'checked-out', at: T2 }, { loan: { ...unlinked, renewals: 1 } }, 2);
      expect(await store().withLoan('loan-c')).toMatchObject({
        barcode: 'c',
        version: 3,
        loan: { renewals: 1 },
      });
      expect((await store().withLoan('loan-c'))!.loan!.patronId).toBeUndefined();
    });

    test('when loans are listed by library and due window, then only those match, in due order', async () => {
      await fourLoans();
      const all = async (query: Parameters<ItemStore['loans']>[0]) =>
        barcodes((await store().loans(query)).items);
      expect(await all({ limit: 10 })).toEqual(['b', 'A', 'c', 'd']);
      expect(await all({ limit: 10, library: 'EAST' })).toEqual(['d']);
      expect(await all({ limit: 10, library: 'MAIN', dueBefore: '2026-02-01T09:00:00.000Z' })).toEqual(['b']);
      expect(await all({ limit: 10, dueFrom: '2026-02-01T10:00:00+01:00' })).toEqual(['A', 'c', 'd']);
      expect(
        await all({ limit: 10, dueFrom: '2026-02-01T08:30:00Z', dueBefore: '2026-02-01T12:00:00Z' }),
      ).toEqual(['A', 'c']);
    });

    test('when loans are paged, then each comes once, and a loan returned behind the cursor moves nothing', async () => {
      await fourLoans();
      const first = await store().loans({ limit: 2 });
      expect(barcodes(first.items)).toEqual(['b', 'A']);
      expect(first.next).toEqual(expect.any(String));
      await store().circulate('b', { to: 'available', at: T2 }, { loan: null }, 2);
      const second = await store().loans({ limit: 2, after: first.next });
      expect(barcodes(second.items)).toEqual(['c', 'd']);
      expect(second.next).toBeUndefined();
    });

    test('when the cursor or a bound is not one the store reads, then invalid_parameter names it', async () => {
      await fourLoans();
      await expect(store().loans({ limit: 2, after: 'not-a-cursor!' })).rejects.toMatchObject({
        code: 'invalid_parameter',
        details: { cursor: 'not-a-cursor!' },
      });
      await expect(store().loans({ limit: 2, dueBefore: 'tomorrow' })).rejects.toMatchObject({
        code: 'invalid_parameter',
        details: { dueBefore: 'tomorrow' },
      });
    });
  });
}
