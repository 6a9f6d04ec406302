import type { Connection, Model } from 'mongoose';
import {
  patronBarcodeKey,
  type NewPatron,
  type Patron,
  type PatronFields,
} from '../../domain/patrons/patron';
import { encodePatronCursor } from '../patron-cursor';
import { createdPatron } from '../patron-changes';
import type { PatronPage, PatronQuery, PatronStore } from '../port';
import { describeServer } from '../../connections/mongo-kit/driver-errors';
import { StoreCalls } from '../../connections/mongo-kit/store-calls';
import { patronStoreError } from './mongo-patron-store.errors';
import { toPatron } from './patron-doc.mapper';
import { findFilter, NAME_ORDER } from './patron-queries';
import { PatronWrites } from './patron-writes';
import { patronModel, type PatronDoc } from './patron.schema';

/**
 * The scale-out patron store on MongoDB (FerretDB in tests), through mongoose: collection
 * `patrons` in the connection's database (patron.schema.ts). Each patron is one document and each
 * change one atomic single-document write (patron-writes.ts); there are no transactions. Waits for
 * the connection, then creates the database indexes (idempotent). The connection stays the
 * caller's: close() does not close it.
 */
export async function createMongoPatronStore(connection: Connection): Promise<PatronStore> {
  const store = new MongoPatronStore(patronModel(connection), describeServer(connection));
  await store.open(connection);
  return store;
}

class MongoPatronStore implements PatronStore {
  /** Writes one at a time, reads and writes with driver errors hidden or translated (StoreCalls). */
  private readonly calls: StoreCalls;
  private readonly writes: PatronWrites;

  constructor(
    private readonly patrons: Model<PatronDoc>,
    server: string,
  ) {
    this.writes = new PatronWrites(patrons);
    this.calls = new StoreCalls((err) => patronStoreError(err, server));
  }

  async open(connection: Connection): Promise<void> {
    await this.calls.guard(async () => {
      await connection.asPromise();
      await this.patrons.createIndexes();
    });
  }

  async create(patron: NewPatron, at: string): Promise<Patron> {
    const created = createdPatron(patron, at);
    return this.calls.serially(() => this.writes.create(created));
  }

  async get(barcode: string): Promise<Patron | undefined> {
    const doc = await this.calls.guard(() =>
      this.patrons.findOne({ barcodeKey: patronBarcodeKey(barcode) }).lean<PatronDoc>(),
    );
    return doc ? toPatron(doc) : undefined;
  }

  async getById(id: string): Promise<Patron | undefined> {
    const doc = await this.calls.guard(() => this.patrons.findOne({ _id: id }).lean<PatronDoc>());
    return doc ? toPatron(doc) : undefined;
  }

  async getManyById(ids: readonly string[]): Promise<Patron[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const docs = await this.calls.guard(() =>
      this.patrons.find({ _id: { $in: unique } }).lean<PatronDoc[]>(),
    );
    const byId = new Map(docs.map((d) => [d._id, d]));
    return unique.flatMap((id) => {
      const doc = byId.get(id);
      return doc ? [toPatron(doc)] : [];
    });
  }

  async find(query: PatronQuery): Promise<PatronPage> {
    const filter = findFilter(query);
    const docs = await this.calls.guard(() =>
      this.patrons
        .find(filter)
        .sort(NAME_ORDER)
        .limit(query.limit + 1)
        .lean<PatronDoc[]>(),
    );
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    const patrons = page.map(toPatron);
    return docs.length > query.limit && last
      ? { patrons, next: encodePatronCursor({ nameKey: last.nameKey, id: last._id }) }
      : { patrons };
  }

  async update(id: string, fields: PatronFields, ifVersion: number, at: string): Promise<Patron | undefined> {
    return this.calls.serially(() => this.writes.update(id, fields, ifVersion, at));
  }

  async addLoan(id: string, loanId: string, ifVersion: number, at: string): Promise<Patron | undefined> {
    return this.calls.serially(() => this.writes.addLoan(id, loanId, ifVersion, at));
  }

  async removeLoan(
    id: string,
    loanId: string,
    at: string,
    options: { uncount?: boolean } = {},
  ): Promise<Patron | undefined> {
    return this.calls.serially(() => this.writes.removeLoan(id, loanId, at, options.uncount ?? false));
  }

  async anonymise(id: string, at: string): Promise<Patron | undefined> {
    return this.calls.serially(() => this.writes.anonymise(id, at));
  }

  async count(): Promise<number> {
    return this.calls.guard(() => this.patrons.countDocuments({ barcodeKey: { $exists: true } }));
  }

  async close(): Promise<void> {
    // The connection is the caller's, and may serve other stores.
  }
}
