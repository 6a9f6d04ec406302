import { barcodeKey, isOnLoan, type Item, type NewItem, type StatusChange } from '../../domain/items/item';
import { AppError } from '../../errors/app-error';
import { barcodeTaken, circulated, createdItem, statusChanged, versionConflict } from '../item-changes';
import type { ItemCirculation, ItemLoadOutcome } from '../port';
import { itemDoc, toItem } from './item-doc.mapper';
import { planLoad } from './item-load.plan';
import { applyItemWrites } from './item-write.runner';
import type { ItemDoc, ItemModels } from './item.schema';
import { isDuplicateKey } from '../../connections/mongo-kit/driver-errors';

/** A write whose items keep changing under it (other writers) gives up after this many rounds. */
const MAX_ATTEMPTS = 5;

/**
 * The store's writes, each item one single-document write. What an item becomes is computed by
 * the shared functions (item-changes.ts) from the item as read; the write then lands only if the
 * document is still at the version read: `replaceOne({ _id, version })`, a compare-and-set that
 * MongoDB applies atomically to one document.
 */
export class ItemWrites {
  constructor(
    private readonly models: ItemModels,
    private readonly server: string,
  ) {}

  /** Inserts a new item; the unique `_id` (its barcode key) refuses a second, whoever was first. */
  async create(item: NewItem, at: string, by?: string): Promise<Item> {
    const created = createdItem(item, at, by);
    try {
      await this.models.items.insertMany([itemDoc(created)], { lean: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw barcodeTaken((await this.read(barcodeKey(created.barcode))) ?? created);
    }
    return created;
  }

  /**
   * `change(current)` written if the item is still at `ifVersion`. The item is read first because
   * what it becomes depends on it (the history's `from`); the version in the write's filter makes
   * read and write one compare-and-set: of concurrent changes from one version, one matches.
   */
  async compareAndSet(
    barcode: string,
    ifVersion: number,
    change: (current: Item) => Item,
  ): Promise<Item | undefined> {
    const key = barcodeKey(barcode);
    const current = await this.read(key);
    if (!current) return undefined;
    if (current.version !== ifVersion) throw versionConflict(current, ifVersion);
    const next = change(current);
    if (await this.replace(key, next, ifVersion)) return next;
    const now = await this.read(key);
    if (!now) return undefined;
    throw versionConflict(now, ifVersion);
  }

  /**
   * Circulation's write: the item computed as every backend computes it (`circulated`), landed by
   * one `findOneAndUpdate` on (barcode key, version): the status, version and time set, the change
   * pushed onto the history, loan and trapped hold set or unset, in one atomic document update.
   */
  async circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined> {
    const key = barcodeKey(barcode);
    const current = await this.read(key);
    if (!current) return undefined;
    if (current.version !== ifVersion) throw versionConflict(current, ifVersion);
    const next = circulated(current, change, circulation);
    const won = await this.models.items
      .findOneAndUpdate({ _id: key, version: ifVersion }, circulationUpdate(itemDoc(next)), {
        returnDocument: 'after',
      })
      .lean<ItemDoc>();
    if (won) return next;
    const now = await this.read(key);
    if (!now) return undefined;
    throw versionConflict(now, ifVersion);
  }

  /**
   * Withdraws one item from the state read; when another writer got there first, looks again. An
   * item on loan stays, as read when written: a check-out landing between the caller's look and
   * this write is not undone.
   */
  async withdraw(doc: ItemDoc, change: StatusChange): Promise<Item | undefined> {
    let current: Item | undefined = toItem(doc);
    const goes = (item: Item | undefined): item is Item =>
      item !== undefined && item.status !== 'withdrawn' && !isOnLoan(item);
    for (let attempt = 1; goes(current) && attempt <= MAX_ATTEMPTS; attempt++) {
      const next = statusChanged(current, change);
      if (await this.replace(doc._id, next, current.version)) return next;
      current = await this.read(doc._id);
    }
    return undefined;
  }

  /**
   * Plans the load on the items as read, writes what changed, and plans again, on fresh reads,
   * the inputs of any barcode another writer created or changed in between: an insert that lost
   * to a concurrent insert comes back as an update.
   */
  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    const outcomes = new Array<ItemLoadOutcome>(items.length);
    let pending = items.map((item, index) => ({ item, index, key: barcodeKey(item.barcode) }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        const keys = [...new Set(pending.map((p) => p.key))].slice(0, 5).join(', ');
        throw new AppError('store_unavailable', `items kept changing under this load (${keys}); try again`, {
          server: this.server,
        });
      }
      const heads = await this.readMany(pending.map((p) => p.key));
      const plan = planLoad(
        pending.map((p) => p.item),
        heads,
        at,
        by,
      );
      const lost = await applyItemWrites(this.models, plan.writes);
      pending.forEach((p, i) => {
        if (!lost.has(p.key)) outcomes[p.index] = plan.outcomes[i]!;
      });
      pending = pending.filter((p) => lost.has(p.key));
    }
    return outcomes;
  }

  private async replace(key: string, item: Item, ifVersion: number): Promise<boolean> {
    const result = await this.models.items.replaceOne({ _id: key, version: ifVersion }, itemDoc(item));
    return result.matchedCount === 1;
  }

  private async read(key: string): Promise<Item | undefined> {
    const doc = await this.models.items.findOne({ _id: key }).lean<ItemDoc>();
    return doc ? toItem(doc) : undefined;
  }

  private async readMany(keys: readonly string[]): Promise<Map<string, Item>> {
    const docs = await this.models.items.find({ _id: { $in: [...new Set(keys)] } }).lean<ItemDoc[]>();
    return new Map(docs.map((d) => [d._id, toItem(d)]));
  }
}

/** What circulation changes in a document, as one update: the rest of it stays as it is. */
function circulationUpdate(doc: ItemDoc): Record<string, unknown> {
  const set: Partial<ItemDoc> = { status: doc.status, version: doc.version, updatedAt: doc.updatedAt };
  const unset: Record<string, ''> = {};
  if (doc.loan) Object.assign(set, { loan: doc.loan, loanDue: doc.loanDue });
  else Object.assign(unset, { loan: '', loanDue: '' });
  if (doc.trappedHold) set.trappedHold = doc.trappedHold;
  else unset.trappedHold = '';
  return {
    $set: set,
    $push: { history: doc.history[doc.history.length - 1] },
    ...(Object.keys(unset).length > 0 && { $unset: unset }),
  };
}
