import type { Database } from 'better-sqlite3';
import type { CirculationEvent } from '../../domain/circulation/circulation-event';
import { isActiveHold, type Hold } from '../../domain/circulation/hold';
import type { CirculationIntent } from '../../domain/circulation/intent';
import type { Loan } from '../../domain/circulation/loan';
import { barcodeKey } from '../../domain/items/item';
import { AppError } from '../../errors/app-error';
import { decodeCursor, encodeCursor, type CursorList } from '../circulation-cursor';
import {
  createdHold,
  holdAlreadyPlaced,
  holdExists,
  holdVersionConflict,
  updatedHold,
} from '../hold-changes';
import type { CirculationStore, EventQuery, HoldFields, Page, Paged } from '../port';
import { eventsQuery, prepareCirculationStatements, type CirculationStatements } from './circulation-queries';
import {
  closedLoanRow,
  eventOf,
  eventRow,
  holdOf,
  holdRow,
  intentOf,
  intentRow,
  loanOf,
  type ClosedLoanRow,
  type EventRow,
} from './circulation-rows';
import { hasCirculationTables, migrateCirculation } from './schema';

/**
 * The embedded circulation store, on the catalog's own connection: inside `backends.atomically`
 * its writes join the unit of work's transaction, so an operation's item change, closed loan,
 * event and intent commit together. The connection belongs to whoever opened it; `close` leaves
 * it open.
 */
export function createSqliteCirculationStore(db: Database): CirculationStore {
  migrateCirculation(db);
  return new SqliteCirculationStore(db);
}

class SqliteCirculationStore implements CirculationStore {
  private statements: CirculationStatements | undefined;

  constructor(private readonly db: Database) {}

  /** Prepared at first use: a read-only catalog made before circulation still opens. */
  private get q(): CirculationStatements {
    if (this.statements) return this.statements;
    if (this.db.readonly && !hasCirculationTables(this.db))
      throw new AppError(
        'store_unavailable',
        'this catalog has no circulation tables yet: open it writable once',
      );
    return (this.statements = prepareCirculationStatements(this.db));
  }

  async putClosedLoan(loan: Loan): Promise<void> {
    this.q.putLoan.run(closedLoanRow(loan));
  }

  async closedLoan(id: string): Promise<Loan | undefined> {
    const row = this.q.loan.get(id) as Pick<ClosedLoanRow, 'loan'> | undefined;
    return row && loanOf(row);
  }

  async closedLoansOfPatron(patronId: string, page: Page): Promise<Paged<Loan>> {
    const rows = page.after
      ? this.q.loansOfPatronAfter.all(patronId, ...position('loans', page.after), page.limit + 1)
      : this.q.loansOfPatron.all(patronId, page.limit + 1);
    return loanPage(rows as ClosedLoanRow[], page.limit);
  }

  async closedLoansOfItem(itemBarcode: string, page: Page): Promise<Paged<Loan>> {
    const key = barcodeKey(itemBarcode);
    const rows = page.after
      ? this.q.loansOfItemAfter.all(key, ...position('loans', page.after), page.limit + 1)
      : this.q.loansOfItem.all(key, page.limit + 1);
    return loanPage(rows as ClosedLoanRow[], page.limit);
  }

  async createHold(hold: Omit<Hold, 'version' | 'updatedAt'>, at: string): Promise<Hold> {
    const created = createdHold(hold, at);
    try {
      this.q.insertHold.run(holdRow(created));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw holdExists(created.id);
      throw this.activeHoldClash(error, created);
    }
    return created;
  }

  async hold(id: string): Promise<Hold | undefined> {
    return this.readHold(id);
  }

  async holdQueue(recordId: string): Promise<Hold[]> {
    return (this.q.queue.all(recordId) as { hold: string }[]).map(holdOf);
  }

  async holdsOfPatron(patronId: string, options: { includeEnded?: boolean } = {}): Promise<Hold[]> {
    const holds = (this.q.holdsOfPatron.all(patronId) as { hold: string }[]).map(holdOf);
    const active = holds.filter(isActiveHold);
    return options.includeEnded ? [...active, ...holds.filter((h) => !isActiveHold(h))] : active;
  }

  /**
   * better-sqlite3 runs this whole method without yielding, and the UPDATE's version condition
   * guards against another process writing the file in between.
   */
  async updateHold(id: string, fields: HoldFields, ifVersion: number, at: string): Promise<Hold | undefined> {
    const current = this.readHold(id);
    if (!current) return undefined;
    if (current.version !== ifVersion) throw holdVersionConflict(current, ifVersion);
    const next = updatedHold(current, fields, at);
    let changes: number;
    try {
      changes = this.q.replaceHold.run({ ...holdRow(next), ifVersion }).changes;
    } catch (error) {
      throw this.activeHoldClash(error, next);
    }
    if (changes === 1) return next;
    const now = this.readHold(id);
    if (!now) return undefined;
    throw holdVersionConflict(now, ifVersion);
  }

  async expiringHolds(today: string, limit: number): Promise<Hold[]> {
    return (this.q.expiring.all(today, today, limit) as { hold: string }[]).map(holdOf);
  }

  async appendEvent(event: CirculationEvent): Promise<void> {
    this.q.appendEvent.run(eventRow(event));
  }

  async event(id: string): Promise<CirculationEvent | undefined> {
    const row = this.q.event.get(id) as Pick<EventRow, 'event'> | undefined;
    return row && eventOf(row);
  }

  async events(query: EventQuery): Promise<Paged<CirculationEvent>> {
    const { sql, params } = eventsQuery(query);
    const rows = this.q.events.get(sql).all(...params) as Pick<EventRow, 'id' | 'at' | 'event'>[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const entries = page.map(eventOf);
    return rows.length > query.limit && last
      ? { entries, next: encodeCursor('events', { at: last.at, id: last.id }) }
      : { entries };
  }

  async unlinkPatron(patronId: string): Promise<number> {
    // One transaction (a savepoint inside a unit of work): the patron is gone from all or none.
    return this.db.transaction(
      () =>
        this.q.unlinkLoans.run(patronId).changes +
        this.q.unlinkHolds.run(patronId).changes +
        this.q.unlinkEvents.run(patronId).changes,
    )();
  }

  async unlinkLoan(loanId: string): Promise<number> {
    return this.q.unlinkLoanEvents.run(loanId).changes;
  }

  async putIntent(intent: CirculationIntent): Promise<void> {
    this.q.putIntent.run(intentRow(intent));
  }

  async pendingIntents(startedBefore: string): Promise<CirculationIntent[]> {
    return (this.q.pendingIntents.all(startedBefore) as { intent: string }[]).map(intentOf);
  }

  async deleteIntent(id: string): Promise<void> {
    this.q.deleteIntent.run(id);
  }

  async close(): Promise<void> {
    // The connection is the catalog's: its owner closes it.
  }

  /**
   * The unique index on active holds (schema.ts) refused `hold`: `hold_already_placed` naming the
   * patron's active hold on the record. Any other error is returned as it is.
   */
  private activeHoldClash(error: unknown, hold: Hold): unknown {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE' || !hold.patronId) return error;
    const row = this.q.activeHoldOf.get(hold.patronId, hold.recordId) as { hold: string } | undefined;
    return row ? holdAlreadyPlaced(holdOf(row)) : error;
  }

  private readHold(id: string): Hold | undefined {
    const row = this.q.hold.get(id) as { hold: string } | undefined;
    return row && holdOf(row);
  }
}

/** A cursor's position as the statements' two parameters. */
function position(list: CursorList, cursor: string): [string, string] {
  const { at, id } = decodeCursor(list, cursor);
  return [at, id];
}

/** One page of a newest-first loan list, read one row past the limit to know whether more follow. */
function loanPage(rows: ClosedLoanRow[], limit: number): Paged<Loan> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const entries = page.map(loanOf);
  return rows.length > limit && last
    ? { entries, next: encodeCursor('loans', { at: last.returned_at, id: last.id }) }
    : { entries };
}
