import type { Item, NewItem, StatusChange } from '../../src/domain/items/item';
import { barcodeKey, locationCode } from '../../src/domain/items/item';
import { AppError } from '../../src/errors/app-error';
import { circulated, loadedItem, versionConflict } from '../../src/items/item-changes';
import { dueBound, dueKey } from '../../src/items/loan-order';
import type {
  ItemCirculation,
  ItemFields,
  ItemLoadOutcome,
  ItemPage,
  ItemQuery,
  ItemStore,
  LoanQuery,
} from '../../src/items/port';

/**
 * An ItemStore in a Map, for the logic above the port (shelf work, imports) while the real
 * adapters are tested by their contract suite. Only what those tests use is implemented.
 */
export class MemoryItemStore implements ItemStore {
  readonly items = new Map<string, Item>();

  constructor(items: readonly Item[] = []) {
    for (const item of items) this.items.set(barcodeKey(item.barcode), structuredClone(item));
  }

  async get(barcode: string): Promise<Item | undefined> {
    return this.items.get(barcodeKey(barcode));
  }

  async getMany(barcodes: readonly string[]): Promise<Item[]> {
    return barcodes.flatMap((b) => this.items.get(barcodeKey(b)) ?? []);
  }

  async forRecord(recordId: string): Promise<Item[]> {
    return this.sorted().filter((i) => i.recordId === recordId);
  }

  async forRecords(recordIds: readonly string[]): Promise<Map<string, Item[]>> {
    return new Map(await Promise.all(recordIds.map(async (id) => [id, await this.forRecord(id)] as const)));
  }

  async list(query: ItemQuery): Promise<ItemPage> {
    const start = query.after === undefined ? 0 : Number(query.after);
    const all = this.sorted().filter(
      (i) =>
        (!query.location || locationCode(i.location) === locationCode(query.location)) &&
        (!query.statuses || query.statuses.includes(i.status)) &&
        (query.shelfKeyFrom === undefined || (i.callNumber?.shelfKey ?? '') >= query.shelfKeyFrom) &&
        (query.shelfKeyTo === undefined || (i.callNumber?.shelfKey ?? '') < query.shelfKeyTo),
    );
    const items = all.slice(start, start + query.limit);
    return { items, ...(start + query.limit < all.length && { next: String(start + query.limit) }) };
  }

  async shelf(
    location: Item['location'],
    shelfKey: string,
    options: { before: number; after: number },
  ): Promise<Item[]> {
    const here = this.sorted().filter((i) => locationCode(i.location) === locationCode(location));
    const key = (i: Item) => i.callNumber?.shelfKey ?? '';
    const before = here.filter((i) => key(i) < shelfKey).slice(-options.before || here.length);
    return [
      ...(options.before === 0 ? [] : before),
      ...here.filter((i) => key(i) >= shelfKey).slice(0, options.after),
    ];
  }

  async create(item: NewItem, at: string, by?: string): Promise<Item> {
    if (this.items.has(barcodeKey(item.barcode)))
      throw new AppError('item_barcode_taken', `barcode ${item.barcode} is taken`);
    const { statusReason, status = 'available', ...rest } = item;
    const created: Item = {
      ...rest,
      status,
      version: 1,
      createdAt: at,
      updatedAt: at,
      history: [{ to: status, at, ...(by && { by }), ...(statusReason && { reason: statusReason }) }],
    };
    this.items.set(barcodeKey(item.barcode), created);
    return created;
  }

  async update(
    _barcode: string,
    _fields: ItemFields,
    _ifVersion: number,
    _at: string,
  ): Promise<Item | undefined> {
    throw new Error('not in the memory store');
  }

  async changeStatus(barcode: string, change: StatusChange, ifVersion: number): Promise<Item | undefined> {
    const item = this.items.get(barcodeKey(barcode));
    if (!item) return undefined;
    if (item.version !== ifVersion)
      throw new AppError('version_conflict', `item ${barcode} is at version ${item.version}`, { item });
    const moved: Item = {
      ...item,
      status: change.to,
      version: item.version + 1,
      updatedAt: change.at,
      history: [...item.history, change],
    };
    this.items.set(barcodeKey(barcode), moved);
    return moved;
  }

  async circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined> {
    const item = this.items.get(barcodeKey(barcode));
    if (!item) return undefined;
    if (item.version !== ifVersion) throw versionConflict(item, ifVersion);
    const next = circulated(item, change, circulation);
    this.items.set(barcodeKey(barcode), next);
    return next;
  }

  async withLoan(loanId: string): Promise<Item | undefined> {
    return this.onLoan().find((i) => i.loan!.id === loanId);
  }

  async onLoanTo(patronId: string): Promise<Item[]> {
    return this.onLoan().filter((i) => i.loan!.patronId === patronId);
  }

  /** Cursors are offsets here: enough for the logic above the port. */
  async loans(query: LoanQuery): Promise<ItemPage> {
    const from = query.dueFrom === undefined ? undefined : dueBound('dueFrom', query.dueFrom);
    const before = query.dueBefore === undefined ? undefined : dueBound('dueBefore', query.dueBefore);
    const all = this.onLoan().filter((i) => {
      const due = dueKey(i.loan!.dueAt);
      return (
        (query.library === undefined || i.loan!.library === query.library) &&
        (from === undefined || due >= from) &&
        (before === undefined || due < before)
      );
    });
    const start = query.after === undefined ? 0 : Number(query.after);
    const items = all.slice(start, start + query.limit);
    return { items, ...(start + query.limit < all.length && { next: String(start + query.limit) }) };
  }

  /** With the rules every adapter shares (item-changes.ts), so loads keep loans as the stores do. */
  async load(items: readonly NewItem[], at: string, by: string): Promise<ItemLoadOutcome[]> {
    const outcomes: ItemLoadOutcome[] = [];
    for (const given of items) {
      const old = this.items.get(barcodeKey(given.barcode));
      if (!old) {
        outcomes.push({ barcode: given.barcode, outcome: 'created', item: await this.create(given, at, by) });
        continue;
      }
      const outcome = loadedItem(old, given, at, by);
      if (outcome.outcome !== 'unchanged') this.items.set(barcodeKey(old.barcode), outcome.item);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  async withdrawOthers(): Promise<Item[]> {
    throw new Error('not in the memory store');
  }

  async putHoldings(): Promise<void> {}

  async holdingsFor(): Promise<[]> {
    return [];
  }

  async unlinkedHoldings(): Promise<[]> {
    return [];
  }

  async count(): Promise<number> {
    return this.items.size;
  }

  async close(): Promise<void> {}

  private onLoan(): Item[] {
    const key = (i: Item) => `${dueKey(i.loan!.dueAt)}\u0000${barcodeKey(i.barcode)}`;
    return [...this.items.values()]
      .filter((i) => i.loan !== undefined)
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  private sorted(): Item[] {
    const key = (i: Item) =>
      `${locationCode(i.location)}\u0000${i.callNumber?.shelfKey ?? ''}\u0000${barcodeKey(i.barcode)}`;
    return [...this.items.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}
