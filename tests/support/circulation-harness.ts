import Database from 'better-sqlite3';
import type { CirculationStore } from '../../src/circulation/port';
import { createSqliteCirculationStore } from '../../src/circulation/sqlite/sqlite.circulation-store';
import type { LoanPolicy, LoanRule } from '../../src/domain/circulation/loan-policy';
import type { NewItem } from '../../src/domain/items/item';
import type { NewPatron } from '../../src/domain/patrons/patron';
import { AppError } from '../../src/errors/app-error';
import type { PatronStore } from '../../src/patrons/port';
import { createSqlitePatronStore } from '../../src/patrons/sqlite/sqlite.patron-store';
import type { CirculationPorts } from '../../src/services/circulation-context';
import { CirculationService } from '../../src/services/circulation.service';
import type { RecordStore } from '../../src/store/port';
import { MemoryLoanItemStore } from './memory-loan-items';

export const AT = '2026-03-02T10:00:00.000Z';
export const RECORD = 'rec-1';

/** Loan rules in a few lines: 21 days, 2 renewals, `maxItems` items; `reference-only` never lends. */
export function fixedPolicy(options: { maxItems?: number } = {}): LoanPolicy {
  const rule = (patronType: string, itemType: string, library: string): LoanRule => ({
    patronType,
    itemType,
    library,
    period: { days: 21 },
    renewals: 2,
    maxItems: options.maxItems ?? 5,
  });
  return {
    ruleFor(patronType, itemType, library) {
      if (itemType === 'unruled')
        throw new AppError('loan_rule_missing', 'no rule', { patronType, itemType, library });
      return rule(patronType, itemType, library);
    },
    isLoanableType: (itemType) => itemType !== 'reference-only',
    dueDate: (from, period) => {
      const days = 'days' in period ? period.days : 0;
      const due = new Date(Date.parse(from) + days * 86_400_000);
      return `${due.toISOString().slice(0, 10)}T23:59:59.999Z`;
    },
    holdShelfExpiry: (today) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10),
    dayOf: (instant) => instant.slice(0, 10),
    describe: () => ({
      timezone: 'UTC',
      patronTypes: ['adult'],
      itemTypes: ['book'],
      notLoanableItemTypes: ['reference-only'],
      holdShelfDays: 7,
      closed: { weekdays: [], dates: [] },
      rules: [rule('*', '*', '*')],
      source: 'test',
    }),
  };
}

export function book(barcode: string, fields: Partial<NewItem> = {}): NewItem {
  return {
    barcode,
    recordId: RECORD,
    location: { library: 'MAIN', shelf: 'STACKS' },
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
    ...fields,
  };
}

export function reader(barcode: string, fields: Partial<NewPatron> = {}): NewPatron {
  return { barcode, name: `Reader ${barcode}`, patronType: 'adult', expiry: '2030-12-31', ...fields };
}

export interface Harness {
  ports: CirculationPorts;
  items: CirculationPorts['items'];
  patrons: PatronStore;
  circulation: CirculationStore;
  service(options?: { maxItems?: number; ports?: CirculationPorts }): CirculationService;
  clock: { now: string };
  close(): void | Promise<void>;
}

/**
 * The service over memory items and the SQLite patron and circulation stores on `:memory:`, run
 * step by step (`transactional: false`), the way it runs on MongoDB: the intents are written.
 */
export function circulationHarness(records: readonly string[] = [RECORD]): Harness {
  const db = new Database(':memory:');
  const ports: CirculationPorts = {
    store: knownRecords(records),
    items: new MemoryLoanItemStore(),
    patrons: createSqlitePatronStore(db),
    circulation: createSqliteCirculationStore(db),
    transactional: false,
    atomically: (work) => work(),
  };
  return harnessOver(ports, () => void db.close());
}

/** A record store that knows these ids (holds ask whether their record exists), nothing else. */
export function knownRecords(records: readonly string[]): RecordStore {
  return {
    get: async (id: string) => (records.includes(id) ? { id } : undefined),
    getTombstone: async () => undefined,
  } as unknown as RecordStore;
}

/** The service over these ports, on a clock the test sets. */
export function harnessOver(ports: CirculationPorts, close: () => void | Promise<void>): Harness {
  const clock = { now: AT };
  return {
    ports,
    items: ports.items,
    patrons: ports.patrons,
    circulation: ports.circulation,
    clock,
    service: (options = {}) =>
      new CirculationService(options.ports ?? ports, fixedPolicy(options), {
        now: () => clock.now,
        recoverEveryMs: Number.POSITIVE_INFINITY,
      }),
    close,
  };
}

/** Thrown by `crashAfter` in place of the step it stops at. */
export class Crash extends Error {}

/** The write steps an operation takes, in the order they are counted. */
const WRITES: Record<string, readonly string[]> = {
  items: ['circulate', 'changeStatus', 'update'],
  patrons: ['addLoan', 'removeLoan'],
  circulation: ['putIntent', 'deleteIntent', 'updateHold', 'putClosedLoan', 'appendEvent', 'createHold'],
};

/**
 * The same ports, but the write after the first `steps` throws `Crash` (and so does every later
 * one): a process that died there. `taken` lists the writes that ran, by name.
 */
export function crashAfter(
  ports: CirculationPorts,
  steps: number,
): { ports: CirculationPorts; taken: string[] } {
  const taken: string[] = [];
  const wrap = <T extends object>(target: T, names: readonly string[]): T =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (!names.includes(String(key))) return value.bind(obj);
        return (...args: unknown[]) => {
          if (taken.length >= steps) return Promise.reject(new Crash(`crash before ${String(key)}`));
          taken.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      },
    });
  return {
    taken,
    ports: {
      ...ports,
      items: wrap(ports.items, WRITES.items!),
      patrons: wrap(ports.patrons, WRITES.patrons!),
      circulation: wrap(ports.circulation, WRITES.circulation!),
    },
  };
}
