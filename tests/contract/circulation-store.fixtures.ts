import type { CirculationStore } from '../../src/circulation/port';
import type { CirculationEvent } from '../../src/domain/circulation/circulation-event';
import type { Hold } from '../../src/domain/circulation/hold';
import type { CheckoutIntent } from '../../src/domain/circulation/intent';
import type { Loan } from '../../src/domain/circulation/loan';
import { AppError } from '../../src/errors/app-error';

/** What a contract run is handed per test: a store on empty tables, and how to let them go. */
export interface CirculationStoreHarness {
  circulation: CirculationStore;
  /** Closes the store and anything opened for it (a database file, a database to drop). */
  close(): Promise<void>;
}

export type MakeCirculationStore = () => Promise<CirculationStoreHarness>;

/** A store per test (registers beforeEach/afterEach in the calling describe). */
export function useCirculationStore(make: MakeCirculationStore): () => CirculationStore {
  let harness: CirculationStoreHarness | undefined;
  beforeEach(async () => {
    harness = await make();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('useCirculationStore: the store opens in beforeEach');
    return harness.circulation;
  };
}

/** Fixed instants: timestamps are passed in, so every expectation is exact. */
export const T0 = '2026-03-01T09:00:00.000Z';
export const T1 = '2026-03-02T09:00:00.000Z';
export const T2 = '2026-03-03T09:00:00.000Z';
export const T3 = '2026-03-04T09:00:00.000Z';
export const T4 = '2026-03-05T09:00:00.000Z';

export function closedLoan(id: string, extra: Partial<Loan> = {}): Loan {
  return {
    id,
    itemBarcode: 'B1',
    recordId: 'r1',
    patronId: 'p1',
    patronType: 'adult',
    library: 'MAIN',
    checkedOutAt: T0,
    dueAt: T3,
    renewals: 0,
    returnedAt: T1,
    ...extra,
  };
}

/** A loan as it is while open (no `returnedAt`). */
export function openLoan(id: string, extra: Partial<Loan> = {}): Loan {
  const loan = closedLoan(id, extra);
  delete loan.returnedAt;
  return loan;
}

export type NewHold = Omit<Hold, 'version' | 'updatedAt'>;

export function newHold(id: string, extra: Partial<NewHold> = {}): NewHold {
  return {
    id,
    recordId: 'r1',
    patronId: 'p1',
    pickupLibrary: 'MAIN',
    status: 'waiting',
    placedAt: T0,
    ...extra,
  };
}

export function event(id: string, extra: Partial<CirculationEvent> = {}): CirculationEvent {
  return { id, kind: 'checkout', at: T0, ...extra };
}

export function checkoutIntent(id: string, startedAt: string): CheckoutIntent {
  return {
    id,
    kind: 'checkout',
    startedAt,
    by: 'key-1',
    loan: openLoan(id),
    itemVersion: 3,
  };
}

export const ids = (values: readonly { id: string }[]): string[] => values.map((v) => v.id);

/** The AppError a promise rejects with (fails the test when it resolves, or throws something else). */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${String(outcome)}`);
  return outcome;
}

/** Every page of a list, following `next`, with the pages' sizes. */
export async function allPages<T>(
  read: (after?: string) => Promise<{ entries: T[]; next?: string }>,
): Promise<{ entries: T[]; sizes: number[] }> {
  const entries: T[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await read(after);
    entries.push(...page.entries);
    sizes.push(page.entries.length);
    if (!page.next) return { entries, sizes };
    after = page.next;
  }
  throw new Error('allPages: more than 100 pages');
}
