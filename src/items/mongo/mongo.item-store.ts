import type { Connection } from 'mongoose';
import {
  barcodeKey,
  type Holding,
  type Item,
  type ItemLocation,
  type NewItem,
  type StatusChange,
} from '../../domain/items/item';
import { AppError } from '../../errors/app-error';
import type { ItemFields, ItemLoadOutcome, ItemPage, ItemQuery, ItemStore } from '../port';
import { encodeItemCursor } from './item-cursor';
import { fieldsUpdate, historyDoc, holdingDoc, newItemDoc, toHolding, toItem } from './item-doc.mapper';
import { planLoad } from './item-load.plan';
import { listFilter, SHELF_ORDER, SHELF_ORDER_DESC, shelfSideFilter } from './item-queries';
import { applyItemWrites } from './item-write.runner';
import { itemModels, type ItemDoc, type ItemModels } from './item.schema';
import { describeServer, isDuplicateKey, itemStoreError } from './mongo-item-store.errors';

/** A load whose items keep changing under it (other writers) gives up after this many rounds. */
const MAX_ATTEMPTS = 5;

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
  /**
   * Writes through one store run one at a time. On MongoDB a filtered findOneAndUpdate is atomic
   * by itself; FerretDB 1.24 reads, filters and writes without a transaction, so two of its
   * connections can both win a compare-and-set, and concurrent writers can hit SQLITE_BUSY
   * (docs/store.md). One writer per process keeps the contract on both.
   */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly models: ItemModels,
    private readonly server: string,
  ) {}

  async open(connection: Connection): Promise<void> {
    await this.guard(async () => {
      await connection.asPromise();
      await this.models.items.createIndexes();
      await this.models.holdings.createIndexes();
    });
  }

  async get(barcode: string): Promise<Item | undefined> {
    // A filter of `_id` alone: the one shape FerretDB pushes down to its storage.
    const doc = await this.guard(() =>
      this.models.items.findOne({ _id: barcodeKey(barcode) }).lean<ItemDoc>(),
    );
    return doc ? toItem(doc) : undefined;
  }

  async getMany(barcodes: readonly string[]): Promise<Item[]> {
    const keys = barcodes.map(barcodeKey);
    if (keys.length === 0) return [];
    const docs = await this.guard(() =>
      this.models.items.find({ _id: { $in: [...new Set(keys)] } }).lean<ItemDoc[]>(),
    );
    const byKey = new Map(docs.map((d) => [d._id, d]));
    const seen = new Set<string>();
    return keys.flatMap((key) => {
      const doc = byKey.get(key);
      if (!doc || seen.has(key)) return [];
      seen.add(key);
      return [toItem(doc)];
    });
  }

  async forRecord(recordId: string): Promise<Item[]> {
    return (await this.forRecords([recordId])).get(recordId) ?? [];
  }

  async forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>> {
    const out = new Map<string, Item[]>();
    if (recordIds.length === 0) return out;
    const docs = await this.guard(() =>
      this.models.items
        .find({ recordId: { $in: [...new Set(recordIds)] } })
        .sort(SHELF_ORDER)
        .lean<ItemDoc[]>(),
    );
    for (const doc of docs) out.set(doc.recordId, [...(out.get(doc.recordId) ?? []), toItem(doc)]);
    return out;
  }

  async list(query: ItemQuery): Promise<ItemPage> {
    if (query.statuses?.length === 0) return { items: [] };
    const filter = listFilter(query);
    const docs = await this.guard(() =>
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
    const side = (which: 'before' | 'after', count: number): Promise<ItemDoc[]> =>
      count <= 0
        ? Promise.resolve([])
        : this.guard(() =>
            this.models.items
              .find(shelfSideFilter(location, shelfKey, which))
              .sort(which === 'before' ? SHELF_ORDER_DESC : SHELF_ORDER)
              .limit(count)
              .lean<ItemDoc[]>(),
          );
    const [before, after] = await Promise.all([side('before', options.before), side('after', options.after)]);
    return [...before.reverse(), ...after].map(toItem);
  }

  async create(item: NewItem, at: string, by?: string): Promise<Item> {
    const doc = newItemDoc(item, at, by);
    return this.serially(async () => {
      try {
        await this.guard(() => this.models.items.insertMany([doc], { lean: true }));
      } catch (err) {
        if (!isDuplicateKey(err) && !isDuplicateKey(firstWriteError(err))) throw err;
        throw await this.barcodeTaken(doc._id, item.barcode);
      }
      return toItem(doc);
    });
  }

  async update(
    barcode: string,
    fields: ItemFields,
    ifVersion: number,
    at: string,
  ): Promise<Item | undefined> {
    const { $set, $unset } = fieldsUpdate(fields);
    return this.compareAndSet(barcode, ifVersion, {
      $set: { ...$set, updatedAt: at },
      ...($unset && { $unset }),
      $inc: { version: 1 },
    });
  }

  async changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined> {
    return this.compareAndSet(barcode, ifVersion, {
      $set: { status: change.to, updatedAt: change.at },
      $inc: { version: 1 },
      $push: { history: historyDoc(change) },
    });
  }

  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    if (items.length === 0) return [];
    return this.serially(() => this.loadInRounds(items, at, by));
  }

  async withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]> {
    if (recordIds.length === 0) return [];
    const kept = [...new Set(keep.map(barcodeKey))];
    const filter = {
      recordId: { $in: [...new Set(recordIds)] },
      status: { $ne: 'withdrawn' as const },
      _id: { $nin: kept },
    };
    return this.serially(async () => {
      const withdrawn: ItemDoc[] = [];
      const docs = await this.guard(() => this.models.items.find(filter).sort(SHELF_ORDER).lean<ItemDoc[]>());
      for (const doc of docs) {
        const done = await this.withdrawOne(doc, { to: 'withdrawn', at, by, reason });
        if (done) withdrawn.push(done);
      }
      return withdrawn.map(toItem);
    });
  }

  async putHoldings(holdings: readonly Holding[]): Promise<void> {
    if (holdings.length === 0) return;
    await this.serially(() =>
      this.guard(async () => {
        for (const { scope, ids } of holdingScopes(holdings)) {
          await this.models.holdings.deleteMany({ ...scope, _id: { $nin: ids } });
        }
        for (const holding of holdings) {
          const doc = holdingDoc(holding);
          await this.models.holdings.replaceOne({ _id: doc._id }, doc, { upsert: true });
        }
      }),
    );
  }

  async holdingsFor(recordId: string): Promise<Holding[]> {
    const docs = await this.guard(() => this.models.holdings.find({ recordId }).sort({ _id: 1 }).lean());
    return docs.map(toHolding);
  }

  async unlinkedHoldings(controlNumbers: readonly string[]): Promise<Holding[]> {
    if (controlNumbers.length === 0) return [];
    const docs = await this.guard(() =>
      this.models.holdings
        .find({ linksTo: { $in: [...new Set(controlNumbers)] }, recordId: { $exists: false } })
        .sort({ _id: 1 })
        .lean(),
    );
    return docs.map(toHolding);
  }

  async count(): Promise<number> {
    return this.guard(() => this.models.items.countDocuments({}));
  }

  async close(): Promise<void> {
    // The connection is the caller's, and may serve other stores.
  }

  /**
   * One findOneAndUpdate on `{ _id, version: ifVersion }`: the compare-and-set. When it matches
   * nothing, one more read says why: no such item (undefined), or it moved on (version_conflict
   * with the item as it is now, so the caller can show it or retry from it).
   */
  private async compareAndSet(
    barcode: string,
    ifVersion: number,
    update: Record<string, unknown>,
  ): Promise<Item | undefined> {
    const key = barcodeKey(barcode);
    return this.serially(async () => {
      const doc = await this.guard(() =>
        this.models.items
          .findOneAndUpdate({ _id: key, version: ifVersion }, update, { returnDocument: 'after' })
          .lean<ItemDoc>(),
      );
      if (doc) return toItem(doc);
      const current = await this.guard(() => this.models.items.findOne({ _id: key }).lean<ItemDoc>());
      if (!current) return undefined;
      const item = toItem(current);
      throw new AppError(
        'version_conflict',
        `item ${item.barcode} is at version ${item.version}, not ${ifVersion}`,
        {
          barcode: item.barcode,
          version: item.version,
          item,
        },
      );
    });
  }

  /** Withdraws one item from the version read; if another writer got there first, looks again. */
  private async withdrawOne(doc: ItemDoc, change: StatusChange): Promise<ItemDoc | undefined> {
    let current: ItemDoc | null = doc;
    for (let attempt = 1; current && current.status !== 'withdrawn' && attempt <= MAX_ATTEMPTS; attempt++) {
      const entry = historyDoc({ ...change, from: current.status });
      const filter = { _id: current._id, version: current.version };
      const done = await this.guard(() =>
        this.models.items
          .findOneAndUpdate(
            filter,
            {
              $set: { status: 'withdrawn', updatedAt: change.at },
              $inc: { version: 1 },
              $push: { history: entry },
            },
            { returnDocument: 'after' },
          )
          .lean<ItemDoc>(),
      );
      if (done) return done;
      const key: string = current._id;
      current = await this.guard(() => this.models.items.findOne({ _id: key }).lean<ItemDoc>());
    }
    return undefined;
  }

  /**
   * Plans the load on the documents as read, writes what changed, and plans again, on fresh reads,
   * the inputs of any barcode another writer created or changed in between: an insert that lost
   * to a concurrent insert comes back as an update.
   */
  private async loadInRounds(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    const outcomes = new Array<ItemLoadOutcome>(items.length);
    let pending = items.map((item, index) => ({ item, index, key: barcodeKey(item.barcode) }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        const keys = [...new Set(pending.map((p) => p.key))].slice(0, 5).join(', ');
        throw new AppError('store_unavailable', `items kept changing under this load (${keys}); try again`, {
          server: this.server,
        });
      }
      const heads = await this.readDocs(pending.map((p) => p.key));
      const plan = planLoad(
        pending.map((p) => p.item),
        heads,
        at,
        by,
      );
      const lost = await this.guard(() => applyItemWrites(this.models, plan.writes));
      pending.forEach((p, i) => {
        if (!lost.has(p.key)) outcomes[p.index] = plan.outcomes[i]!;
      });
      pending = pending.filter((p) => lost.has(p.key));
    }
    return outcomes;
  }

  private async readDocs(keys: readonly string[]): Promise<Map<string, ItemDoc>> {
    const docs = await this.guard(() =>
      this.models.items.find({ _id: { $in: [...new Set(keys)] } }).lean<ItemDoc[]>(),
    );
    return new Map(docs.map((d) => [d._id, d]));
  }

  private async barcodeTaken(key: string, barcode: string): Promise<AppError> {
    const holder = await this.guard(() =>
      this.models.items.findOne({ _id: key }, { barcode: 1, recordId: 1 }).lean(),
    );
    return new AppError(
      'item_barcode_taken',
      `barcode ${barcode.trim()} is taken by item ${holder?.barcode ?? key} of record ${holder?.recordId ?? '?'}`,
      { barcode: holder?.barcode ?? barcode.trim(), ...(holder && { recordId: holder.recordId }) },
    );
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw itemStoreError(err, this.server);
    }
  }
}

/** insertMany reports a duplicate key as a bulk write error whose first write error has the code. */
function firstWriteError(err: unknown): unknown {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  return Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
}

/**
 * What one putHoldings replaces: per record and source, every holding not given again goes. An
 * MFHD not linked yet has no record: it replaces only itself, by id.
 */
function holdingScopes(holdings: readonly Holding[]): { scope: Record<string, string>; ids: string[] }[] {
  const scopes = new Map<string, { scope: Record<string, string>; ids: string[] }>();
  for (const h of holdings) {
    if (h.recordId === undefined) continue;
    const scope = { recordId: h.recordId, source: h.source };
    const name = JSON.stringify(scope);
    const entry = scopes.get(name) ?? { scope, ids: [] as string[] };
    entry.ids.push(h.id);
    scopes.set(name, entry);
  }
  return [...scopes.values()];
}
