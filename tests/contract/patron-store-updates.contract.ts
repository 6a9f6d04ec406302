import {
  newPatron,
  PERSONAL,
  T0,
  T1,
  T2,
  usePatronStore,
  type MakePatronStore,
} from './patron-store.fixtures';

export function describePatronUpdatesContract(makePatrons: MakePatronStore): void {
  describe('update', () => {
    const store = usePatronStore(makePatrons);

    test('when fields are given, then they replace, null removes, absent ones stay; version + 1', async () => {
      const p = await store().create(PERSONAL, T0);
      const updated = await store().update(
        p.id,
        { name: 'Quixano, Alonso', phone: null, notes: null, expiry: '2028-06-30', keepHistory: false },
        1,
        T1,
      );
      const { phone: _phone, notes: _notes, ...rest } = p;
      expect(updated).toEqual({
        ...rest,
        name: 'Quixano, Alonso',
        expiry: '2028-06-30',
        keepHistory: false,
        version: 2,
        updatedAt: T1,
      });
      expect(await store().getById(p.id)).toEqual(updated);
      expect(Object.keys(updated!)).not.toContain('phone');
    });

    test('when a block is set and then removed, then it reads back as given, then absent', async () => {
      const p = await store().create(newPatron('b1', 'Doe, Jane'), T0);
      const block = { reason: 'unpaid fines', at: T1, by: 'key-9' };
      expect((await store().update(p.id, { block }, 1, T1))?.block).toEqual(block);
      const unblocked = await store().update(p.id, { block: null }, 2, T2);
      expect(unblocked?.block).toBeUndefined();
      expect((await store().getById(p.id))?.block).toBeUndefined();
    });

    test('when the version moved on, then version_conflict carries the current patron; unknown ids are undefined', async () => {
      const p = await store().create(newPatron('v1', 'Doe, Jane'), T0);
      await store().update(p.id, { patronType: 'staff' }, 1, T1);
      await expect(store().update(p.id, { patronType: 'child' }, 1, T2)).rejects.toMatchObject({
        code: 'version_conflict',
        details: { id: p.id, version: 2, current: { id: p.id, patronType: 'staff', version: 2 } },
      });
      expect((await store().getById(p.id))?.patronType).toBe('staff');
      expect(await store().update('no-such-id', { name: 'X' }, 1, T1)).toBeUndefined();
    });

    test('when the barcode changes to one another patron holds in another case, then it is refused and nothing changes', async () => {
      const holder = await store().create(newPatron('taken', 'Doe, Jane'), T0);
      const p = await store().create(newPatron('mine', 'Roe, Richard'), T0);
      await expect(store().update(p.id, { barcode: 'TAKEN', name: 'Roe, R.' }, 1, T1)).rejects.toMatchObject({
        code: 'patron_barcode_taken',
        details: { taken: 'barcode', id: holder.id },
      });
      expect(await store().getById(p.id)).toEqual(p);
      expect((await store().get('taken'))?.id).toBe(holder.id);
    });

    test('when the barcode changes, then the new one finds the patron and the old one is free', async () => {
      const p = await store().create(newPatron('old-card', 'Doe, Jane'), T0);
      await store().update(p.id, { barcode: ' NEW-card ' }, 1, T1);
      expect((await store().get('new-CARD'))?.barcode).toBe('NEW-card');
      expect(await store().get('old-card')).toBeUndefined();
      await store().create(newPatron('OLD-CARD', 'Roe, Richard'), T1);
      expect((await store().get('old-card'))?.name).toBe('Roe, Richard');
      // The same barcode in another case is the patron's own: allowed.
      expect((await store().update(p.id, { barcode: 'new-card' }, 2, T2))?.barcode).toBe('new-card');
    });
  });

  describe('anonymise', () => {
    const store = usePatronStore(makePatrons);

    test('when a patron is anonymised, then every personal field is gone and id, type, library and loan count stay', async () => {
      const p = await store().create(PERSONAL, T0);
      await store().addLoan(p.id, 'loan-1', 1, T1);
      await store().removeLoan(p.id, 'loan-1', T1);
      const anonymised = await store().anonymise(p.id, T2);
      expect(anonymised).toEqual({
        id: p.id,
        barcode: '',
        name: '',
        patronType: 'adult',
        homeLibrary: 'MAIN',
        expiry: '2027-12-31',
        keepHistory: true,
        openLoans: [],
        loanCount: 1,
        anonymisedAt: T2,
        version: 4,
        createdAt: T0,
        updatedAt: T2,
      });
      expect(await store().getById(p.id)).toEqual(anonymised);
      expect(await store().get(PERSONAL.barcode)).toBeUndefined();
      expect(await store().count()).toBe(0);
    });

    test('when anonymised, then the barcode is free for a new patron and several anonymised patrons coexist', async () => {
      const first = await store().create(newPatron('reused', 'Doe, Jane'), T0);
      await store().anonymise(first.id, T1);
      const second = await store().create(newPatron('REUSED', 'Roe, Richard'), T1);
      await store().anonymise(second.id, T2);
      const third = await store().create(newPatron('reused', 'Poe, Edgar'), T2);
      expect((await store().get('reused'))?.id).toBe(third.id);
      expect((await store().getById(first.id))?.anonymisedAt).toBe(T1);
      expect((await store().getById(second.id))?.anonymisedAt).toBe(T2);
      expect(await store().count()).toBe(1);
    });

    test('when anonymised twice, then the second changes nothing', async () => {
      const p = await store().create(newPatron('twice', 'Doe, Jane'), T0);
      const once = await store().anonymise(p.id, T1);
      expect(await store().anonymise(p.id, T2)).toEqual(once);
      expect(await store().anonymise('no-such-id', T2)).toBeUndefined();
    });

    test('when the patron has open loans, then anonymise is refused with patron_has_loans', async () => {
      const p = await store().create(newPatron('loans', 'Doe, Jane'), T0);
      await store().addLoan(p.id, 'loan-1', 1, T1);
      await expect(store().anonymise(p.id, T2)).rejects.toMatchObject({
        code: 'patron_has_loans',
        details: { id: p.id, openLoans: 1 },
      });
      expect((await store().getById(p.id))?.name).toBe('Doe, Jane');
    });

    test('when an anonymised patron is updated or lent to, then patron_anonymised', async () => {
      const p = await store().create(newPatron('gone', 'Doe, Jane'), T0);
      const gone = (await store().anonymise(p.id, T1))!;
      await expect(store().update(p.id, { name: 'Back, Again' }, gone.version, T2)).rejects.toMatchObject({
        code: 'patron_anonymised',
        details: { id: p.id },
      });
      await expect(store().addLoan(p.id, 'loan-1', gone.version, T2)).rejects.toMatchObject({
        code: 'patron_anonymised',
      });
      expect(await store().removeLoan(p.id, 'loan-1', T2)).toEqual(gone);
    });
  });
}
