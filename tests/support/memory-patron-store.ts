import { randomUUID } from 'node:crypto';
import {
  patronBarcodeKey,
  patronNameKey,
  type NewPatron,
  type Patron,
  type PatronFields,
} from '../../src/domain/patrons/patron';
import { AppError } from '../../src/errors/app-error';
import type { PatronPage, PatronQuery, PatronStore } from '../../src/patrons/port';

/**
 * A PatronStore in a Map, for the logic above the port (the service, the import) while the real
 * adapters are tested by their contract suite. Follows the port's promises closely enough for
 * those tests: compare-and-set on version, unique barcodes in any case, anonymisation.
 */
export class MemoryPatronStore implements PatronStore {
  readonly patrons = new Map<string, Patron>();

  async create(input: NewPatron, at: string): Promise<Patron> {
    const holder = this.byBarcode(input.barcode);
    if (holder || (input.id !== undefined && this.patrons.has(input.id)))
      throw new AppError('patron_barcode_taken', 'that card barcode or id is taken', {
        id: holder?.id ?? input.id,
      });
    const { id, ...fields } = input;
    const patron: Patron = {
      ...fields,
      id: id ?? randomUUID(),
      keepHistory: input.keepHistory ?? false,
      openLoans: [],
      loanCount: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.patrons.set(patron.id, patron);
    return structuredClone(patron);
  }

  async get(barcode: string): Promise<Patron | undefined> {
    const found = this.byBarcode(barcode);
    return found && structuredClone(found);
  }

  async getById(id: string): Promise<Patron | undefined> {
    const found = this.patrons.get(id);
    return found && structuredClone(found);
  }

  async getManyById(ids: readonly string[]): Promise<Patron[]> {
    return [...new Set(ids)].flatMap((id) =>
      this.patrons.has(id) ? [structuredClone(this.patrons.get(id)!)] : [],
    );
  }

  async find(query: PatronQuery): Promise<PatronPage> {
    const start = query.after === undefined ? 0 : Number(query.after);
    if (!Number.isInteger(start) || start < 0)
      throw new AppError('invalid_parameter', 'not a cursor of ours', { parameter: 'cursor' });
    const all = [...this.patrons.values()]
      .filter((p) => query.includeAnonymised || !p.anonymisedAt)
      .filter(
        (p) => query.barcode === undefined || patronBarcodeKey(p.barcode) === patronBarcodeKey(query.barcode),
      )
      .filter((p) => query.email === undefined || p.email?.toLowerCase() === query.email.toLowerCase())
      .filter(
        (p) =>
          query.namePrefix === undefined || patronNameKey(p.name).startsWith(patronNameKey(query.namePrefix)),
      )
      .sort((a, b) => compare(patronNameKey(a.name), patronNameKey(b.name)) || compare(a.id, b.id));
    const patrons = all.slice(start, start + query.limit).map((p) => structuredClone(p));
    return { patrons, ...(start + query.limit < all.length && { next: String(start + query.limit) }) };
  }

  async update(id: string, fields: PatronFields, ifVersion: number, at: string): Promise<Patron | undefined> {
    const patron = this.patrons.get(id);
    if (!patron) return undefined;
    if (patron.anonymisedAt) throw new AppError('patron_anonymised', 'the patron was anonymised', { id });
    if (patron.version !== ifVersion)
      throw new AppError('version_conflict', `the patron is at version ${patron.version}`, {
        current: structuredClone(patron),
      });
    if (fields.barcode !== undefined) {
      const holder = this.byBarcode(fields.barcode);
      if (holder && holder.id !== id)
        throw new AppError('patron_barcode_taken', 'that card barcode is taken', { id: holder.id });
    }
    const next: Record<string, unknown> = { ...patron };
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    return this.put({ ...(next as unknown as Patron), version: patron.version + 1, updatedAt: at });
  }

  async addLoan(id: string, loanId: string, ifVersion: number, at: string): Promise<Patron | undefined> {
    const patron = this.patrons.get(id);
    if (!patron) return undefined;
    if (patron.openLoans.includes(loanId)) return structuredClone(patron);
    if (patron.version !== ifVersion)
      throw new AppError('version_conflict', `the patron is at version ${patron.version}`, {});
    return this.put({
      ...patron,
      openLoans: [...patron.openLoans, loanId],
      loanCount: patron.loanCount + 1,
      version: patron.version + 1,
      updatedAt: at,
    });
  }

  async removeLoan(
    id: string,
    loanId: string,
    at: string,
    options: { uncount?: boolean } = {},
  ): Promise<Patron | undefined> {
    const patron = this.patrons.get(id);
    if (!patron) return undefined;
    if (!patron.openLoans.includes(loanId)) return structuredClone(patron);
    return this.put({
      ...patron,
      openLoans: patron.openLoans.filter((l) => l !== loanId),
      loanCount: patron.loanCount - (options.uncount ? 1 : 0),
      version: patron.version + 1,
      updatedAt: at,
    });
  }

  async anonymise(id: string, at: string): Promise<Patron | undefined> {
    const patron = this.patrons.get(id);
    if (!patron) return undefined;
    if (patron.anonymisedAt) return structuredClone(patron);
    if (patron.openLoans.length > 0)
      throw new AppError('patron_has_loans', 'the patron has open loans', {
        id,
        openLoans: patron.openLoans.length,
      });
    return this.put({
      id: patron.id,
      barcode: '',
      name: '',
      patronType: patron.patronType,
      ...(patron.homeLibrary !== undefined && { homeLibrary: patron.homeLibrary }),
      expiry: patron.expiry,
      keepHistory: false,
      openLoans: [],
      loanCount: patron.loanCount,
      anonymisedAt: at,
      version: patron.version + 1,
      createdAt: patron.createdAt,
      updatedAt: at,
    });
  }

  async count(): Promise<number> {
    return [...this.patrons.values()].filter((p) => !p.anonymisedAt).length;
  }

  async close(): Promise<void> {}

  private byBarcode(barcode: string): Patron | undefined {
    const key = patronBarcodeKey(barcode);
    if (key === '') return undefined;
    return [...this.patrons.values()].find((p) => !p.anonymisedAt && patronBarcodeKey(p.barcode) === key);
  }

  private put(patron: Patron): Patron {
    this.patrons.set(patron.id, patron);
    return structuredClone(patron);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
