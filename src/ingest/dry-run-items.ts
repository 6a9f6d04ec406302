import { barcodeKey, isOnLoan, type Holding, type Item, type NewItem } from '../domain/items/item';
import { createdItem, loadedItem, statusChanged } from '../items/item-changes';
import type { ItemLoadOutcome, ItemStore } from '../items/port';
import { compare, compareShelfOrder } from '../items/shelf-order';
import type { ItemWrites } from './item-writer';

/**
 * The item store as a dry run sees it: reads go to the real store, writes stay in memory, and
 * later reads see them. The item step of a batch (item-writer.ts) runs on it unchanged, so a dry
 * run predicts with the writer's own code and the rules every adapter applies (item-changes.ts):
 * created, updated, unchanged, moved, withdrawn, an MFHD waiting or linked. It lives as long as
 * the run, because a real run's later batches and inputs see the earlier ones' items.
 *
 * Memory grows with the items the dry run would write (each one kept whole, as the store would
 * have it), the one cost of a dry run that the batch size does not bound. Holdings are kept only
 * as far as the item step reads them back: waiting MFHD holdings and their items.
 */
export class DryRunItems implements ItemWrites {
  /** Items this run would have written, by barcode key. */
  private readonly items = new Map<string, Item>();
  /** Barcode keys of this run's items, by the record they would now belong to. */
  private readonly byRecord = new Map<string, Set<string>>();
  /** Holdings this run would have put, by id. */
  private readonly holdings = new Map<string, Holding>();

  constructor(private readonly store: ItemStore) {}

  async getMany(barcodes: readonly string[]): Promise<Item[]> {
    const keys = [...new Set(barcodes.map(barcodeKey))];
    const stored = new Map(
      (await this.store.getMany(keys.filter((k) => !this.items.has(k)))).map((i) => [
        barcodeKey(i.barcode),
        i,
      ]),
    );
    return keys.flatMap((k) => {
      const item = this.items.get(k) ?? stored.get(k);
      return item ? [item] : [];
    });
  }

  async forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>> {
    const ids = new Set(recordIds);
    const found = new Map<string, Item>();
    // The store's items of these records, unless this run moved them away (or changed them).
    for (const items of (await this.store.forRecords([...ids])).values())
      for (const item of items) found.set(barcodeKey(item.barcode), item);
    for (const key of [...found.keys()]) {
      const mine = this.items.get(key);
      if (mine && !ids.has(mine.recordId)) found.delete(key);
      else if (mine) found.set(key, mine);
    }
    for (const id of ids) for (const key of this.byRecord.get(id) ?? []) found.set(key, this.items.get(key)!);
    const out = new Map<string, Item[]>();
    for (const item of found.values()) {
      const list = out.get(item.recordId);
      if (list) list.push(item);
      else out.set(item.recordId, [item]);
    }
    for (const list of out.values()) list.sort(compareShelfOrder);
    return out;
  }

  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    const current = new Map(
      (await this.getMany(items.map((i) => i.barcode))).map((i) => [barcodeKey(i.barcode), i]),
    );
    return items.map((input) => {
      const key = barcodeKey(input.barcode);
      const before = current.get(key);
      const outcome: ItemLoadOutcome = before
        ? loadedItem(before, input, at, by)
        : { barcode: input.barcode.trim(), outcome: 'created', item: createdItem(input, at, by) };
      if (outcome.outcome !== 'unchanged') {
        current.set(key, outcome.item);
        this.keep(outcome.item);
      }
      return outcome;
    });
  }

  async withdrawOthers(
    recordIds: readonly string[],
    keep: readonly string[],
    reason: string,
    at: string,
    by: string,
  ): Promise<Item[]> {
    const kept = new Set(keep.map(barcodeKey));
    const withdrawn: Item[] = [];
    for (const items of (await this.forRecords(recordIds)).values())
      for (const current of items) {
        // As the stores do: an item on loan is never withdrawn.
        if (current.status === 'withdrawn' || isOnLoan(current) || kept.has(barcodeKey(current.barcode)))
          continue;
        const item = statusChanged(current, { to: 'withdrawn', at, by, reason });
        this.keep(item);
        withdrawn.push(item);
      }
    return withdrawn.sort(compareShelfOrder);
  }

  /**
   * Upserts only: the holdings a put would delete (a record's 852s of its last load) are never
   * read back by the item step, so a dry run need not know them.
   */
  async putHoldings(holdings: readonly Holding[]): Promise<void> {
    for (const h of holdings) this.holdings.set(h.id, h);
  }

  async unlinkedHoldings(controlNumbers: readonly string[]): Promise<Holding[]> {
    const wanted = new Set(controlNumbers);
    const found = new Map((await this.store.unlinkedHoldings(controlNumbers)).map((h) => [h.id, h]));
    for (const [id, h] of this.holdings) {
      if (h.recordId === undefined && h.linksTo !== undefined && wanted.has(h.linksTo)) found.set(id, h);
      else found.delete(id);
    }
    return [...found.values()].sort((a, b) => compare(a.id, b.id));
  }

  private keep(item: Item): void {
    const key = barcodeKey(item.barcode);
    const before = this.items.get(key);
    if (before && before.recordId !== item.recordId) this.byRecord.get(before.recordId)?.delete(key);
    this.items.set(key, item);
    let keys = this.byRecord.get(item.recordId);
    if (!keys) this.byRecord.set(item.recordId, (keys = new Set()));
    keys.add(key);
  }
}
