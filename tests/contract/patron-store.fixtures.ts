import type { NewPatron, Patron } from '../../src/domain/patrons/patron';
import type { PatronStore } from '../../src/patrons/port';

/** What a contract run is handed per test: a store on empty tables, and how to let them go. */
export interface PatronStoreHarness {
  patrons: PatronStore;
  /** Closes the store and anything opened for it (a database file, a database to drop). */
  close(): Promise<void>;
}

export type MakePatronStore = () => Promise<PatronStoreHarness>;

/** Fixed instants: timestamps are passed in, so every expectation is exact. */
export const T0 = '2026-01-01T00:00:00.000Z';
export const T1 = '2026-01-02T00:00:00.000Z';
export const T2 = '2026-01-03T00:00:00.000Z';

/** An adult of MAIN whose card runs to the end of 2027. */
export function newPatron(barcode: string, name: string, extra: Partial<NewPatron> = {}): NewPatron {
  return { barcode, name, patronType: 'adult', expiry: '2027-12-31', ...extra };
}

/** A patron with every personal field set, each value distinctive enough to be searched for. */
export const PERSONAL: NewPatron = {
  barcode: 'CARD-7731',
  name: 'Quixote, Alonso',
  email: 'Alonso.Quixano@la-mancha.example',
  phone: '+34 600 111 222',
  address: '1 Calle de la Mancha, Toledo',
  notes: 'prefers the Rocinante entrance',
  patronType: 'adult',
  homeLibrary: 'MAIN',
  expiry: '2027-12-31',
  keepHistory: true,
};

export const names = (patrons: readonly Pick<Patron, 'name'>[]): string[] => patrons.map((p) => p.name);

/** A store per test (registers beforeEach/afterEach in the calling describe). */
export function usePatronStore(makePatrons: MakePatronStore): () => PatronStore {
  let harness: PatronStoreHarness | undefined;
  beforeEach(async () => {
    harness = await makePatrons();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('usePatronStore: the store opens in beforeEach');
    return harness.patrons;
  };
}
