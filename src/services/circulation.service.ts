import { randomUUID } from 'node:crypto';
import type { Hold } from '../domain/circulation/hold';
import type { Loan } from '../domain/circulation/loan';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import type { Item } from '../domain/items/item';
import type { Patron } from '../domain/patrons/patron';
import { AppError } from '../errors/app-error';
import type { Backends } from '../backends/backends';
import { checkIn, type CheckinRequest, type CheckinResult } from './circulation-checkin';
import { checkOut, type CheckoutRequest, type CheckoutResult } from './circulation-checkout';
import {
  requireItem,
  requirePatron,
  type CirculationContext,
  type CirculationPorts,
} from './circulation-context';
import {
  cancelHold,
  expireHolds,
  placeHold,
  requireRecord,
  type PlaceHoldRequest,
} from './circulation-holds';
import { applyOffline, type OfflineOptions, type OfflineReport } from './circulation-offline';
import type { OfflineFile } from '../domain/circulation/offline-file';
import { recover, type RecoveryReport } from './circulation-recovery';
import { loanNotFound, renew, type RenewRequest } from './circulation-renew';

/** The ports circulation works with, from the backends. */
export function circulationPortsOf(backends: Backends): CirculationPorts {
  return {
    store: backends.store,
    index: backends.index,
    ...(backends.indexOutbox && { indexOutbox: backends.indexOutbox }),
    items: backends.items,
    patrons: backends.patrons,
    circulation: backends.circulation,
    atomically: (work) => backends.atomically(work),
    transactional: backends.transactional ?? false,
  };
}

export interface CirculationOptions {
  now?: () => string;
  newId?: () => string;
  /** How old an intent must be for recovery to take it over from the process running it (ms). */
  recoverAfterMs?: number;
  /** How often operations look for intents a crash left (ms); 0 looks before every operation. */
  recoverEveryMs?: number;
}

export interface LoanPage {
  loans: Loan[];
  next?: string;
}

/**
 * The circulation desk (docs/circulation.md): check-out, check-in, renewals and holds over the
 * item, patron and circulation stores. Each operation is a sequence of single-document steps,
 * each idempotent or a compare-and-set, behind an intent that `recover` finishes or undoes after
 * a crash; on the embedded default each also runs as one transaction. Operations look for
 * crashed intents now and then before they start (a cheap query; none on the embedded default).
 */
export class CirculationService {
  private readonly ctx: CirculationContext;
  private readonly recoverAfterMs: number;
  private readonly recoverEveryMs: number;
  private lastRecovery = -Infinity;
  private recovering: Promise<unknown> | undefined;
  /** The offline file being applied: files are applied one after another (applyOffline). */
  private offline: Promise<unknown> = Promise.resolve();

  constructor(ports: CirculationPorts, policy: LoanPolicy, options: CirculationOptions = {}) {
    this.ctx = {
      ports,
      policy,
      now: options.now ?? (() => new Date().toISOString()),
      newId: options.newId ?? randomUUID,
    };
    this.recoverAfterMs = options.recoverAfterMs ?? 60_000;
    this.recoverEveryMs = options.recoverEveryMs ?? 60_000;
  }

  get policy(): LoanPolicy {
    return this.ctx.policy;
  }

  async checkOut(request: CheckoutRequest): Promise<CheckoutResult> {
    await this.recoverNowAndThen();
    return checkOut(this.ctx, request);
  }

  async checkIn(request: CheckinRequest): Promise<CheckinResult> {
    await this.recoverNowAndThen();
    return checkIn(this.ctx, request);
  }

  async renew(request: RenewRequest): Promise<{ loan: Loan; item: Item }> {
    await this.recoverNowAndThen();
    return renew(this.ctx, request);
  }

  /**
   * The bookmobile's offline file, applied in time order (circulation-offline.ts). One file at a
   * time: the same file uploaded twice at once would otherwise race itself, two check-outs making
   * one loan id, and the loser's undo would take that loan off the patron.
   */
  applyOffline(file: OfflineFile, options: OfflineOptions = {}): Promise<OfflineReport> {
    const run = this.offline.then(async () => {
      await this.recoverNowAndThen();
      return applyOffline(this.ctx, file, options);
    });
    this.offline = run.catch(() => undefined);
    return run;
  }

  placeHold(request: PlaceHoldRequest): Promise<Hold> {
    return placeHold(this.ctx, request);
  }

  cancelHold(id: string, options: { reason?: string; by?: string } = {}): Promise<Hold> {
    return cancelHold(this.ctx, id, options);
  }

  /** Ends holds due on `day` (default: today in the rules' time zone). */
  expireHolds(day?: string): Promise<Hold[]> {
    return expireHolds(this.ctx, day ?? this.ctx.policy.dayOf(this.ctx.now()));
  }

  /** Settles intents older than `olderThan` (default: `recoverAfterMs` ago). */
  recover(olderThan?: string): Promise<RecoveryReport> {
    const before = olderThan ?? new Date(Date.parse(this.ctx.now()) - this.recoverAfterMs).toISOString();
    return recover(this.ctx, before);
  }

  /** A live record's active holds in queue order; `record_not_found` / `record_deleted` otherwise. */
  async holdQueue(recordId: string): Promise<Hold[]> {
    await requireRecord(this.ctx, recordId);
    return this.ctx.ports.circulation.holdQueue(recordId);
  }

  async patron(barcode: string): Promise<Patron> {
    return requirePatron(this.ctx, barcode);
  }

  async holdsOfPatron(barcode: string, includeEnded = false): Promise<{ patron: Patron; holds: Hold[] }> {
    const patron = await requirePatron(this.ctx, barcode);
    return { patron, holds: await this.ctx.ports.circulation.holdsOfPatron(patron.id, { includeEnded }) };
  }

  /** A patron's open loans, soonest due first. */
  async loansOfPatron(barcode: string): Promise<{ patron: Patron; loans: Loan[] }> {
    const patron = await requirePatron(this.ctx, barcode);
    const items = await this.ctx.ports.items.onLoanTo(patron.id);
    const loans = items.flatMap((i) => (i.loan ? [i.loan] : []));
    return {
      patron,
      loans: loans.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id)),
    };
  }

  async loanOfItem(barcode: string): Promise<{ item: Item; loan: Loan }> {
    const item = await requireItem(this.ctx, barcode);
    if (!item.loan)
      throw new AppError('item_not_on_loan', `item ${item.barcode} is not on loan (it is ${item.status})`, {
        barcode: item.barcode,
        status: item.status,
      });
    return { item, loan: item.loan };
  }

  /** Loans due before the start of `day` (default today): overdue on that day. */
  overdue(query: { library?: string; day?: string; limit: number; after?: string }): Promise<LoanPage> {
    const day = query.day ?? this.ctx.policy.dayOf(this.ctx.now());
    return this.loansDue({ ...query, to: previousDay(day) });
  }

  /** Loans due on the days `from` to `to` (inclusive, `YYYY-MM-DD` in the rules' time zone). */
  async loansDue(query: {
    library?: string;
    from?: string;
    to?: string;
    limit: number;
    after?: string;
  }): Promise<LoanPage> {
    if (query.from !== undefined && query.to !== undefined && query.to < query.from)
      throw new AppError(
        'invalid_circulation_request',
        `the range ends (${query.to}) before it starts (${query.from})`,
        {
          from: query.from,
          to: query.to,
        },
      );
    // A day in the rules' zone lies within a day either side of the same UTC date: widen, then keep
    // the loans whose due day falls inside.
    const page = await this.ctx.ports.items.loans({
      ...(query.library !== undefined && { library: query.library.toUpperCase() }),
      ...(query.from !== undefined && { dueFrom: `${shiftDay(query.from, -1)}T00:00:00.000Z` }),
      ...(query.to !== undefined && { dueBefore: `${shiftDay(query.to, 2)}T00:00:00.000Z` }),
      limit: query.limit,
      ...(query.after !== undefined && { after: query.after }),
    });
    const day = (loan: Loan) => this.ctx.policy.dayOf(loan.dueAt);
    const loans = page.items
      .flatMap((i) => (i.loan ? [i.loan] : []))
      .filter(
        (l) =>
          (query.from === undefined || day(l) >= query.from) &&
          (query.to === undefined || day(l) <= query.to),
      );
    return { loans, ...(page.next !== undefined && { next: page.next }) };
  }

  /** Patrons by id (for staff responses, which name them by card barcode only). */
  async patronsById(ids: readonly string[]): Promise<Map<string, Patron>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    return new Map((await this.ctx.ports.patrons.getManyById(unique)).map((p) => [p.id, p]));
  }

  /**
   * Looks for intents a crash left, in the background, as a server starts: the first operations
   * wait for it rather than run beside it. Nothing to look for on the embedded default.
   */
  startRecovery(): void {
    void this.recoverNowAndThen();
  }

  /** Looks for crashed intents before an operation, at most every `recoverEveryMs`; never fails it. */
  private async recoverNowAndThen(): Promise<void> {
    if (this.ctx.ports.transactional) return;
    const now = Date.now();
    if (now - this.lastRecovery < this.recoverEveryMs) {
      await this.recovering;
      return;
    }
    this.lastRecovery = now;
    this.recovering ??= this.recover()
      .catch(() => undefined)
      .finally(() => (this.recovering = undefined));
    await this.recovering;
  }
}

export { loanNotFound };

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  return shiftDay(day, -1);
}
