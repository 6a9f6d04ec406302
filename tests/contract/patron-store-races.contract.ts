import { AppError } from '../../src/errors/app-error';
import type { PatronStore } from '../../src/patrons/port';
import {
  newPatron,
  PERSONAL,
  T0,
  T1,
  T2,
  usePatronStore,
  type MakePatronStore,
} from './patron-store.fixtures';

export function describePatronRacesContract(makePatrons: MakePatronStore): void {
  describe('concurrent writes', () => {
    const store = usePatronStore(makePatrons);

    test('when 5 check-outs race from one version, then exactly one takes a place and 4 get version_conflict', async () => {
      const p = await store().create(newPatron('race', 'Doe, Jane'), T0);
      await store().addLoan(p.id, 'loan-0', 1, T0);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, n) => store().addLoan(p.id, `loan-${n + 1}`, 2, T1)),
      );
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(lost).toHaveLength(4);
      for (const r of lost)
        expect(r.reason).toMatchObject({ code: 'version_conflict', details: { version: 3 } });
      const final = (await store().getById(p.id))!;
      expect([final.openLoans.length, final.loanCount, final.version]).toEqual([2, 2, 3]);
    });

    test('when 20 creates of one barcode in different cases race, then exactly one patron is made', async () => {
      const spellings = Array.from({ length: 20 }, (_, n) =>
        n.toString(2).padStart(5, '0').replace(/0/g, 'k').replace(/1/g, 'K'),
      );
      const results = await Promise.allSettled(
        spellings.map((b, n) => store().create(newPatron(b, `Racer ${n}`), T0)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(19);
      for (const r of refused) expect(r.reason).toMatchObject({ code: 'patron_barcode_taken' });
      expect(await store().count()).toBe(1);
    });
  });

  describe('privacy of errors', () => {
    const store = usePatronStore(makePatrons);

    /** Every error the store raises about this patron, and the patron. */
    const provoke = async (s: PatronStore): Promise<unknown[]> => {
      const p = await s.create(PERSONAL, T0);
      const other = await s.create(newPatron('other-card', 'Roe, Richard'), T0);
      const attempts: (() => Promise<unknown>)[] = [
        () => s.create({ ...PERSONAL, barcode: PERSONAL.barcode.toLowerCase() }, T1),
        () => s.create({ ...PERSONAL, barcode: 'fresh', id: p.id }, T1),
        () => s.update(p.id, { name: 'Quixote, A.' }, 7, T1),
        () => s.update(other.id, { barcode: PERSONAL.barcode }, 1, T1),
        () => s.addLoan(p.id, 'loan-9', 7, T1),
        () => s.find({ limit: 1, after: Buffer.from(PERSONAL.name).toString('base64url') }),
        async () => {
          await s.addLoan(p.id, 'loan-1', 1, T1);
          return s.anonymise(p.id, T1);
        },
        async () => {
          await s.removeLoan(p.id, 'loan-1', T2);
          const gone = await s.anonymise(p.id, T2);
          return s.update(p.id, { notes: 'x' }, gone!.version, T2);
        },
      ];
      const errors: unknown[] = [];
      for (const attempt of attempts)
        errors.push(
          await attempt().then(
            () => 'no error',
            (e: unknown) => e,
          ),
        );
      return errors;
    };

    test('when the store refuses, then no message or detail holds the name, email, phone, address, notes or barcode', async () => {
      const errors = await provoke(store());
      const personal = [
        PERSONAL.name,
        'quixote',
        'alonso',
        PERSONAL.email!,
        'la-mancha',
        PERSONAL.phone!,
        PERSONAL.address!,
        PERSONAL.notes!,
        PERSONAL.barcode,
      ].map((s) => s.toLowerCase());
      expect(errors.map((e) => (e instanceof AppError ? e.code : e))).toEqual([
        'patron_barcode_taken',
        'patron_barcode_taken',
        'version_conflict',
        'patron_barcode_taken',
        'version_conflict',
        'invalid_parameter',
        'patron_has_loans',
        'patron_anonymised',
      ]);
      const leaks = (errors as AppError[]).flatMap((error) => {
        // version_conflict's details.current is the patron itself, which the port hands staff on purpose.
        const { current: _current, ...details } = error.details;
        const text = `${error.message} ${JSON.stringify(details)}`.toLowerCase();
        return personal.filter((value) => text.includes(value)).map((value) => `${error.code}: ${value}`);
      });
      expect(leaks).toEqual([]);
    });
  });
}
