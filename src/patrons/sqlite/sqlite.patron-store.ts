import type { Database, Statement } from 'better-sqlite3';
import {
  patronBarcodeKey,
  type NewPatron,
  type Patron,
  type PatronFields,
} from '../../domain/patrons/patron';
import { AppError } from '../../errors/app-error';
import { anonymisedPatron, createdPatron, updatedPatron, withLoan, withoutLoan } from '../patron-changes';
import { encodePatronCursor } from '../patron-cursor';
import {
  patronAnonymisedError,
  patronBarcodeTaken,
  patronHasLoans,
  patronVersionConflict,
} from '../patron-errors';
import type { PatronPage, PatronQuery, PatronStore } from '../port';
import { findQuery, preparePatronStatements, type PatronStatements } from './patron-queries';
import { patronOf, patronRow, type PatronRow } from './patron-rows';
import { hasPatronTables, migratePatrons } from './schema';

/**
 * The embedded patron store, on the catalog's own connection (the connection belongs to whoever
 * opened it; `close` leaves it open). Every write is a compare-and-set on `version` (`UPDATE …
 * WHERE id = ? AND version = ?`); a read-then-write runs in one IMMEDIATE transaction (a savepoint
 * inside `backends.atomically`), so another connection on the file cannot write in between.
 */
export function createSqlitePatronStore(db: Database): PatronStore {
  migratePatrons(db);
  return new SqlitePatronStore(db);
}

class SqlitePatronStore implements PatronStore {
  private statements: PatronStatements | undefined;
  /** find's statements by text: its filters make at most 32 shapes. */
  private readonly finds = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** Prepared at first use: a read-only catalog made before patrons still opens; only patron calls fail. */
  private get q(): PatronStatements {
    if (this.statements) return this.statements;
    if (this.db.readonly && !hasPatronTables(this.db))
      throw new AppError('store_unavailable', 'this catalog has no patron tables yet: open it writable once');
    return (this.statements = preparePatronStatements(this.db));
  }

  async create(patron: NewPatron, at: string): Promise<Patron> {
    const created = createdPatron(patron, at);
    try {
      this.q.insert.run(patronRow(created));
    } catch (error) {
      throw this.takenError(error, created);
    }
    return created;
  }

  async get(barcode: string): Promise<Patron | undefined> {
    const row = this.q.byBarcodeKey.get(patronBarcodeKey(barcode)) as PatronRow | undefined;
    return row && patronOf(row);
  }

  async getById(id: string): Promise<Patron | undefined> {
    return this.read(id);
  }

  async getManyById(ids: readonly string[]): Promise<Patron[]> {
    // One primary-key read each: in-process, a loop costs less than building an IN list.
    return [...new Set(ids)].map((id) => this.read(id)).filter((p): p is Patron => p !== undefined);
  }

  async find(query: PatronQuery): Promise<PatronPage> {
    const { sql, params } = findQuery(query);
    const rows = this.statement(sql).all(...params) as PatronRow[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const patrons = page.map(patronOf);
    return rows.length > query.limit && last
      ? { patrons, next: encodePatronCursor({ nameKey: last.name_key, id: last.id }) }
      : { patrons };
  }

  async update(id: string, fields: PatronFields, ifVersion: number, at: string): Promise<Patron | undefined> {
    return this.inTransaction(() => {
      const current = this.read(id);
      if (!current) return undefined;
      if (current.anonymisedAt !== undefined) throw patronAnonymisedError(current);
      if (current.version !== ifVersion) throw patronVersionConflict(current, ifVersion);
      return this.write(updatedPatron(current, fields, at), ifVersion);
    });
  }

  async addLoan(id: string, loanId: string, ifVersion: number, at: string): Promise<Patron | undefined> {
    return this.inTransaction(() => {
      const current = this.read(id);
      if (!current) return undefined;
      // Idempotent before anything else: a repeated step after a crash holds an older version.
      if (current.openLoans.includes(loanId)) return current;
      if (current.anonymisedAt !== undefined) throw patronAnonymisedError(current);
      if (current.version !== ifVersion) throw patronVersionConflict(current, ifVersion);
      return this.write(withLoan(current, loanId, at), ifVersion);
    });
  }

  async removeLoan(
    id: string,
    loanId: string,
    at: string,
    options: { uncount?: boolean } = {},
  ): Promise<Patron | undefined> {
    return this.whateverTheVersion(id, (current) =>
      current.openLoans.includes(loanId)
        ? withoutLoan(current, loanId, at, options.uncount ?? false)
        : undefined,
    );
  }

  async anonymise(id: string, at: string): Promise<Patron | undefined> {
    return this.whateverTheVersion(id, (current) => {
      if (current.anonymisedAt !== undefined) return undefined;
      if (current.openLoans.length > 0) throw patronHasLoans(current);
      return anonymisedPatron(current, at);
    });
  }

  async count(): Promise<number> {
    return (this.q.count.get() as { n: number }).n;
  }

  async close(): Promise<void> {
    // The connection is the catalog's: its owner closes it.
  }

  private read(id: string): Patron | undefined {
    const row = this.q.byId.get(id) as PatronRow | undefined;
    return row && patronOf(row);
  }

  /** `next` written over `ifVersion`; a barcode another patron holds is `patron_barcode_taken`. */
  private write(next: Patron, ifVersion: number): Patron {
    let changes: number;
    try {
      changes = this.q.replace.run({ ...patronRow(next), ifVersion }).changes;
    } catch (error) {
      throw this.takenError(error, next);
    }
    if (changes === 1) return next;
    // Only another process on the file gets here: this connection held the write lock since the read.
    const now = this.read(next.id);
    if (!now) throw new AppError('store_unavailable', `patron ${next.id} vanished during a write`);
    throw patronVersionConflict(now, ifVersion);
  }

  /**
   * A change decided on the patron as it is now (undefined: none, the patron returned as it is),
   * with no version to hold to: in the transaction, the version read is the one written over.
   */
  private whateverTheVersion(
    id: string,
    change: (current: Patron) => Patron | undefined,
  ): Promise<Patron | undefined> {
    return this.inTransaction(() => {
      const current = this.read(id);
      if (!current) return undefined;
      const next = change(current);
      return next ? this.write(next, current.version) : current;
    });
  }

  /** The write lock taken before the read, so the version read is the version written over. */
  private async inTransaction<T>(work: () => T): Promise<T> {
    return this.db.transaction(work).immediate();
  }

  /** A unique-constraint failure as `patron_barcode_taken`, naming who holds the id or the barcode. */
  private takenError(error: unknown, patron: Patron): unknown {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return patronBarcodeTaken('id', patron.id);
    if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    const holder = this.q.byBarcodeKey.get(patronBarcodeKey(patron.barcode)) as PatronRow | undefined;
    return patronBarcodeTaken('barcode', holder?.id);
  }

  private statement(sql: string): Statement {
    let statement = this.finds.get(sql);
    if (!statement) this.finds.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}
