import type { Item } from '../../src/domain/items/item';
import { barcodeKey } from '../../src/domain/items/item';
import { AppError } from '../../src/errors/app-error';
import type { ItemFields } from '../../src/items/port';
import { MemoryItemStore } from './memory-item-store';

/**
 * The memory item store with `update` (recovery's fence: the item's fields as they are, version
 * + 1), for the circulation service's unit tests. The real adapters have their contract suite.
 */
export class MemoryLoanItemStore extends MemoryItemStore {
  override async update(
    barcode: string,
    fields: ItemFields,
    ifVersion: number,
    at: string,
  ): Promise<Item | undefined> {
    const item = this.items.get(barcodeKey(barcode));
    if (!item) return undefined;
    if (item.version !== ifVersion)
      throw new AppError('version_conflict', `item ${barcode} is at version ${item.version}`, { item });
    const next = { ...item, ...fields, version: item.version + 1, updatedAt: at };
    this.items.set(barcodeKey(barcode), next);
    return next;
  }
}
