import type { Connection } from 'mongoose';
import {
  barcodeKey,
  type Holding,
  type Item,
  type ItemLocation,
  type NewItem,
  type StatusChange,
} from '../../domain/items/item';
import { compareShelfOrder } from '../shelf-order';
import { statusChanged, updatedItem } from '../item-changes';
import { encodeLoanCursor } from '../loan-order';
import type {
  HoldingsScope,
  ItemCirculation,
  ItemFields,
  ItemLoadOutcome,
  ItemPage,
  ItemQuery,
  ItemStore,
  LoanQuery,
} from '../port';
import { encodeItemCursor } from './item-cursor';
import { putHoldings } from './holding-writes';
import { toHolding, toItem } from './item-doc.mapper';
import { listFilter, SHELF_ORDER, SHELF_ORDER_DESC, shelfSideFilter } from './item-queries';
import { ItemWrites } from './item-writes';
import { LOAN_ORDER, loansFilter } from './loan-queries';
import { itemModels, type ItemDoc, type ItemModels } from './item.schema';
import { describeServer, unavailableOrAsIs } from '../../connections/mongo-kit/driver-errors';
import { StoreCalls } from '../../connections/mongo-kit/store-calls';

/**
 * The scale-out item store on MongoDB (FerretDB in tests), through mongoose: collections `items`
 * and `holdings` in the connection's database (item.schema.ts, docs/items.md). Each item is one
 * document, so each change is one atomic single-document write; there are no transactions.
 * Waits for the connection, then creates the database indexes (idempotent). The connection
 * stays the caller's: close() does not close it.
 */
export async function createMongoItemStore(connection: Connection): Promise<ItemStore> {
  const store = new MongoItemStore(itemModels(connection), describeServer(connection));
  await store.open(connection);
  return store;
}

class MongoItemStore implements ItemStore {
  /** Writes one at a time, reads and writes with driver errors translated (StoreCalls). */
  private readonly calls: StoreCalls;
  private readonly writes: ItemWrites;

  constructor(
    private readonly models: ItemModels,
    private readonly server: string,
  ) {
    this.writes = new ItemWrites(models, server);
    this.calls = new StoreCalls((err) => unavailableOrAsIs(err, 'item store', server));
  }

  async open(connection: Connection): Promise<void> {
    await this.calls.guard(async () => {
      await connection.asPromise();
      await this.models.items.createIndexes();
      await this.models.holdings.createIndexes();
    });
  }

  async get(barcode: string): Promise<Item | undefined> {
    // A filter of `_id` alone: the one shape FerretDB pushes down to its storage.
    const doc = await this.calls.guard(() =>
      this.models.items.findOne({ _id: barcodeKey(barcode) }).lean<ItemDoc>(),
    );
    return doc ? toItem(doc) : undefined;
  }

  async getMany(barcodes: readonly string[]): Promise<Item[]> {
    const keys = [...new Set(barcodes.map(barcodeKey))];
    if (keys.length === 0) return [];
    const docs = await this.calls.guard(() =>
      this.models.items.find({ _id: { $in: keys } }).lean<ItemDoc[]>(),
    );
    const byKey = new Map(docs.map((d) => [d._id, d]));
    return keys.flatMap((key) => {
      const doc = byKey.get(key);
      return doc ? [toItem(doc)] : [];
    });
  }

  async forRecord(recordId: string): Promise<Item[]> {
    return (await this.forRecords([recordId])).get(recordId) ?? [];
  }

  async forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>> {
    const out = new Map<string, Item[]>();
    if (recordIds.length === 0) return out;
    const docs = await this.calls.guard(() =>
      this.models.items
        .find({ recordId: { $in: [...new Set(recordIds)] } })
        .sort(SHELF_ORDER)
        .lean<ItemDoc[]>(),
    );
    for (const doc of docs) out.set(doc.recordId, [...(out.get(doc.recordId) ?? []), toItem(doc)]);
    return out;
  }

  async list(query: ItemQuery): Promise<ItemPage> {
    // The cursor is checked even when no status can match: a bad one is the caller's mistake.
    const filter = listFilter(query);
    if (query.statuses?.length === 0) return { items: [] };
    const docs = await this.calls.guard(() =>
      this.models.items
        .find(filter)
        .sort(SHELF_ORDER)
        .limit(query.limit + 1)
        .lean<ItemDoc[]>(),
    );
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = page.map(toItem);
    return docs.length > query.limit && last ? { items, next: encodeItemCursor(last) } : { items };
  }

  async shelf(
    location: ItemLocation,
    shelfKey: string,
    options: { before: number; after: number },
  ): Promise<Item[]> {
    const side = async (which: 'before' | 'after', count: number): Promise<ItemDoc[]> =>
      count <= 0
        ? []
        : this.calls.guard(() =>
            this.models.items
              .find(shelfSideFilter(location, shelfKey, which))
              .sort(which === 'before' ? SHELF_ORDER_DESC : SHELF_ORDER)
              .limit(count)
              .lean<ItemDoc[]>(),
          );
    const before = await side('before', options.before);
    const after = await side('after', options.after);
    return [...before.reverse(), ...after].map(toItem);
  }

  async create(item: NewItem, at: string, by?: string): Promise<Item> {
    return this.calls.serially(() => this.writes.create(item, at, by));
  }

  async update(
    barcode: string,
    fields: ItemFields,
    ifVersion: number,
    at: string,
  ): Promise<Item | undefined> {
    return this.calls.serially(() =>
      this.writes.compareAndSet(barcode, ifVersion, (current) => updatedItem(current, fields, at)),
    );
  }

  async changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined> {
    return this.calls.serially(() =>
      this.writes.compareAndSet(barcode, ifVersion, (current) => statusChanged(current, change)),
    );
  }

  async circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined> {
    return this.calls.serially(() => this.writes.circulate(barcode, change, circulation, ifVersion));
  }

  async withLoan(loanId: string): Promise<Item | undefined> {
    const doc = await this.calls.guard(() =>
      this.models.items.findOne({ 'loan.id': loanId }).lean<ItemDoc>(),
    );
    return doc ? toItem(doc) : undefined;
  }

  async onLoanTo(patronId: string): Promise<Item[]> {
    const docs = await this.calls.guard(() =>
      this.models.items.find({ 'loan.patronId': patronId }).sort(LOAN_ORDER).lean<ItemDoc[]>(),
    );
    return docs.map(toItem);
  }

  async loans(query: LoanQuery): Promise<ItemPage> {
    const filter = loansFilter(query);
    const docs = await this.calls.guard(() =>
      this.models.items
        .find(filter)
        .sort(LOAN_ORDER)
        .limit(query.limit + 1)
        .lean<ItemDoc[]>(),
    );
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = page.map(toItem);
    return docs.length > query.limit && last?.loanDue !== undefined
      ? { items, next: encodeLoanCursor({ due: last.loanDue, key: last._id }) }
      : { items };
  }

  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    if (items.length === 0) return [];
    return this.calls.serially(() => this.writes.load(items, at, by));
  }

  async withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]> {
    if (recordIds.length === 0) return [];
    const filter = {
      recordId: { $in: [...new Set(recordIds)] },
      status: { $ne: 'withdrawn' as const },
      _id: { $nin: [...new Set(keep.map(barcodeKey))] },
    };
    return this.calls.serially(async () => {
      const docs = await this.models.items.find(filter).lean<ItemDoc[]>();
      const withdrawn: Item[] = [];
      for (const doc of docs) {
        const item = await this.writes.withdraw(doc, { to: 'withdrawn', at, by, reason });
        if (item) withdrawn.push(item);
      }
      return withdrawn.sort(compareShelfOrder);
    });
  }

  async putHoldings(holdings: readonly Holding[], replacing: readonly HoldingsScope[] = []): Promise<void> {
    if (holdings.length === 0 && replacing.length === 0) return;
    await this.calls.serially(() => putHoldings(this.models, holdings, replacing));
  }

  async holdingsFor(recordId: string): Promise<Holding[]> {
    const docs = await this.calls.guard(() =>
      this.models.holdings.find({ recordId }).sort({ _id: 1 }).lean(),
    );
    return docs.map(toHolding);
  }

  async unlinkedHoldings(controlNumbers: readonly string[]): Promise<Holding[]> {
    if (controlNumbers.length === 0) return [];
    const filter = { linksTo: { $in: [...new Set(controlNumbers)] }, recordId: { $exists: false } };
    const docs = await this.calls.guard(() => this.models.holdings.find(filter).sort({ _id: 1 }).lean());
    return docs.map(toHolding);
  }

  async count(): Promise<number> {
    return this.calls.guard(() => this.models.items.countDocuments({}));
  }

  async close(): Promise<void> {
    // The connection is the caller's, and may serve other stores.
  }
}
