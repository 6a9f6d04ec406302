import { randomUUID } from 'node:crypto';
import type { Hold } from '../domain/circulation/hold';
import type { Loan } from '../domain/circulation/loan';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import { barcodeKey, type Item } from '../domain/items/item';
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
import { recover, settle, type RecoveryReport } from './circulation-recovery';
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
  /** How long a check-in or renewal waits for another operation still on its item (ms). */
  waitForOthersMs?: number;
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
  private readonly waitForOthersMs: number;
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
    this.waitForOthersMs = options.waitForOthersMs ?? 2000;
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
    await this.settleCutShort(request.itemBarcode);
    return checkIn(this.ctx, request);
  }

  async renew(request: RenewRequest): Promise<{ loan: Loan; item: Item }> {
    await this.recoverNowAndThen();
    await this.settleCutShort(request.itemBarcode, request.loanId);
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

  /**
   * A check-in or renewal of an item another operation left unfinished (its loan's intent, or a
   * scan's) would write its own intent over that one (the same id) and lose what it still had to
   * do (an event, a hold to fulfil or to give back). So it settles it first, once it is older than
   * `recoverAfterMs`. A younger one may still be running: it waits up to `waitForOthersMs` for it
   * to end, then answers `circulation_busy` (docs/circulation.md, crash safety). A check-out needs
   * none of this: its intent has an id of its own, and an item on loan refuses it anyway. Nothing
   * to look for on the embedded default.
   */
  private async settleCutShort(barcode: string | undefined, loanId?: string): Promise<void> {
    if (this.ctx.ports.transactional) return;
    const item = barcode !== undefined ? await this.ctx.ports.items.get(barcode) : undefined;
    const loans = [loanId, item?.loan?.id].filter((id) => id !== undefined);
    const waitUntil = Date.now() + this.waitForOthersMs;
    for (;;) {
      const youngFrom = Date.parse(this.ctx.now()) - this.recoverAfterMs;
      // Few: the operations in flight and those a crash left. Check-in intents have ids of their own.
      const pending = (await this.ctx.ports.circulation.pendingIntents(END_OF_TIME)).filter((i) => {
        if (i.kind === 'trap' || i.kind === 'scan')
          return item !== undefined && sameBarcode(i.itemBarcode, item.barcode);
        return i.kind !== 'hold' && loans.includes(i.loan.id);
      });
      for (const intent of pending.filter((i) => Date.parse(i.startedAt) <= youngFrom))
        await settle(this.ctx, intent);
      const young = pending.find((i) => Date.parse(i.startedAt) > youngFrom);
      if (!young) return;
      if (Date.now() >= waitUntil) throw inTheMiddle(item?.barcode ?? loanId ?? '', young.startedAt);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
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

const END_OF_TIME = '9999-12-31T23:59:59.999Z';

function sameBarcode(a: string, b: string): boolean {
  return barcodeKey(a) === barcodeKey(b);
}

function inTheMiddle(what: string, since: string): AppError {
  return new AppError(
    'circulation_busy',
    `item ${what} is in the middle of another operation (started ${since}); send it again`,
    { barcode: what },
  );
}

function shiftDay(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  return shiftDay(day, -1);
}
