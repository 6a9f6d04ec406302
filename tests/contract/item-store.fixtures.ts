import type { Holding, Item, ItemLocation, NewItem } from '../../src/domain/items/item';
import type { ItemStore } from '../../src/items/port';

/** What a contract run is handed per test: a store on empty tables, and how to let them go. */
export interface ItemStoreHarness {
  items: ItemStore;
  /** Closes the store and anything opened for it (a database file, collections to drop). */
  close(): Promise<void>;
}

export type MakeItemStore = () => Promise<ItemStoreHarness>;

/** Fixed instants: timestamps are passed in, so every expectation is exact. */
export const T0 = '2026-01-01T00:00:00.000Z';
export const T1 = '2026-01-02T00:00:00.000Z';
export const T2 = '2026-01-03T00:00:00.000Z';

export const MAIN_STACKS: ItemLocation = { library: 'MAIN', shelf: 'STACKS' };
export const MAIN_REF: ItemLocation = { library: 'MAIN', shelf: 'REFERENCE' };
export const EAST_STACKS: ItemLocation = { library: 'EAST', shelf: 'STACKS' };

/** An item of `recordId` in MAIN/STACKS; `shelfKey` gives it an LC call number filed under that key. */
export function newItem(
  barcode: string,
  recordId: string,
  extra: Partial<NewItem> & { shelfKey?: string } = {},
): NewItem {
  const { shelfKey, ...rest } = extra;
  return {
    barcode,
    recordId,
    location: MAIN_STACKS,
    itemType: 'book',
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'api',
    ...(shelfKey !== undefined && {
      callNumber: { value: `QA ${shelfKey}`, scheme: 'lc' as const, shelfKey },
    }),
    ...rest,
  };
}

export function holding(id: string, extra: Partial<Holding> = {}): Holding {
  return {
    id,
    location: MAIN_STACKS,
    publicNotes: [],
    staffNotes: [],
    source: '852',
    updatedAt: T0,
    ...extra,
  };
}

export const barcodes = (items: readonly Pick<Item, 'barcode'>[]): string[] => items.map((i) => i.barcode);
