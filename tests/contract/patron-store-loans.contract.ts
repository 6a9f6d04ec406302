import { newPatron, T0, T1, T2, usePatronStore, type MakePatronStore } from './patron-store.fixtures';

export function describePatronLoansContract(makePatrons: MakePatronStore): void {
  describe('addLoan, removeLoan', () => {
    const store = usePatronStore(makePatrons);

    test('when a loan is added, then it is open and counted, version + 1; the same loan again changes nothing', async () => {
      const p = await store().create(newPatron('l1', 'Doe, Jane'), T0);
      const added = await store().addLoan(p.id, 'loan-1', 1, T1);
      expect(added).toEqual({ ...p, openLoans: ['loan-1'], loanCount: 1, version: 2, updatedAt: T1 });
      // A repeated step holds the version it started from: still the patron as it is.
      expect(await store().addLoan(p.id, 'loan-1', 1, T2)).toEqual(added);
      expect(await store().getById(p.id)).toEqual(added);
    });

    test('when a loan is added from a stale version, then version_conflict and no place is taken', async () => {
      const p = await store().create(newPatron('l2', 'Doe, Jane'), T0);
      await store().addLoan(p.id, 'loan-1', 1, T1);
      await expect(store().addLoan(p.id, 'loan-2', 1, T2)).rejects.toMatchObject({
        code: 'version_conflict',
        details: { id: p.id, version: 2, current: { openLoans: ['loan-1'] } },
      });
      expect((await store().getById(p.id))?.openLoans).toEqual(['loan-1']);
      expect(await store().addLoan('no-such-id', 'loan-3', 1, T2)).toBeUndefined();
    });

    test('when a loan is removed, then it is let go of whatever the version and stays counted; again changes nothing', async () => {
      const p = await store().create(newPatron('l3', 'Doe, Jane'), T0);
      await store().addLoan(p.id, 'loan-1', 1, T1);
      await store().addLoan(p.id, 'loan-2', 2, T1);
      const removed = await store().removeLoan(p.id, 'loan-1', T2);
      expect(removed).toMatchObject({ openLoans: ['loan-2'], loanCount: 2, version: 4, updatedAt: T2 });
      expect(await store().removeLoan(p.id, 'loan-1', T2)).toEqual(removed);
      expect(await store().removeLoan(p.id, 'never-lent', T2)).toEqual(removed);
      expect(await store().getById(p.id)).toEqual(removed);
      expect(await store().removeLoan('no-such-id', 'loan-1', T2)).toBeUndefined();
    });

    test('when a check-out did not happen, then uncount takes the loan back out of the count, once', async () => {
      const p = await store().create(newPatron('l4', 'Doe, Jane'), T0);
      await store().addLoan(p.id, 'loan-1', 1, T1);
      const undone = await store().removeLoan(p.id, 'loan-1', T2, { uncount: true });
      expect(undone).toMatchObject({ openLoans: [], loanCount: 0, version: 3 });
      expect(await store().removeLoan(p.id, 'loan-1', T2, { uncount: true })).toEqual(undone);
      expect((await store().getById(p.id))?.loanCount).toBe(0);
    });
  });
}
