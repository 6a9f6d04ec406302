import type { Loan } from '../../src/domain/circulation/loan';
import type { Item, StatusChange } from '../../src/domain/items/item';
import { barcodeKey } from '../../src/domain/items/item';
import { AppError } from '../../src/errors/app-error';
import type { ItemCirculation, ItemFields, LoanQuery } from '../../src/items/port';
import { MemoryItemStore } from './memory-item-store';

/**
 * The memory item store with circulation's writes (circulate: one compare-and-set of status, loan
 * and trapped hold) and loan reads, for the circulation service's unit tests. The real adapters
 * are tested by the item store's contract suite.
 */
export class MemoryLoanItemStore extends MemoryItemStore {
  override async update(
    barcode: string,
    fields: ItemFields,
    ifVersion: number,
    at: string,
  ): Promise<Item | undefined> {
    const item = this.current(barcode, ifVersion);
    if (!item) return undefined;
    return this.save({ ...item, ...fields, version: item.version + 1, updatedAt: at });
  }

  async circulate(
    barcode: string,
    change: StatusChange,
    circulation: ItemCirculation,
    ifVersion: number,
  ): Promise<Item | undefined> {
    const item = this.current(barcode, ifVersion);
    if (!item) return undefined;
    const next: Item = {
      ...item,
      status: change.to,
      version: item.version + 1,
      updatedAt: change.at,
      history: [...item.history, { ...change, from: item.status }],
    };
    if (circulation.loan === null) delete next.loan;
    else if (circulation.loan !== undefined) next.loan = circulation.loan;
    if (circulation.trappedHold === null) delete next.trappedHold;
    else if (circulation.trappedHold !== undefined) next.trappedHold = circulation.trappedHold;
    return this.save(next);
  }

  async onLoanTo(patronId: string): Promise<Item[]> {
    return [...this.items.values()].filter((i) => i.loan?.patronId === patronId);
  }

  async loans(query: LoanQuery): Promise<{ loans: Loan[]; next?: string }> {
    const all = [...this.items.values()]
      .flatMap((i) => (i.loan ? [i.loan] : []))
      .filter(
        (l) =>
          (query.library === undefined || l.library === query.library) &&
          (query.dueFrom === undefined || l.dueAt >= query.dueFrom) &&
          (query.dueBefore === undefined || l.dueAt < query.dueBefore),
      )
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    const start = query.after === undefined ? 0 : Number(query.after);
    const loans = all.slice(start, start + query.limit);
    return { loans, ...(start + query.limit < all.length && { next: String(start + query.limit) }) };
  }

  private current(barcode: string, ifVersion: number): Item | undefined {
    const item = this.items.get(barcodeKey(barcode));
    if (item && item.version !== ifVersion)
      throw new AppError('version_conflict', `item ${barcode} is at version ${item.version}`, { item });
    return item;
  }

  private save(item: Item): Item {
    this.items.set(barcodeKey(item.barcode), structuredClone(item));
    return structuredClone(item);
  }
}
