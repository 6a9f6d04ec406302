import type { ItemLocation } from '../../domain/items/item';
import type { ItemQuery } from '../port';
import { afterPosition, decodeItemCursor } from './item-cursor';

type Filter = Record<string, unknown>;

/** Shelf order, the `shelf_order` database index's: location, then shelf key, then barcode key. */
export const SHELF_ORDER = { library: 1, shelf: 1, shelfKey: 1, _id: 1 } as const;
export const SHELF_ORDER_DESC = { library: -1, shelf: -1, shelfKey: -1, _id: -1 } as const;

/** The filter for one page of `list`: the query's conditions, then past its cursor. */
export function listFilter(query: ItemQuery): Filter {
  const conditions: Filter[] = [];
  if (query.location) conditions.push({ library: query.location.library, shelf: query.location.shelf });
  if (query.library !== undefined) conditions.push({ library: query.library });
  if (query.statuses) conditions.push({ status: { $in: [...query.statuses] } });
  if (query.itemType !== undefined) conditions.push({ itemType: query.itemType });
  if (query.shelfKeyFrom !== undefined || query.shelfKeyTo !== undefined) {
    conditions.push({
      shelfKey: {
        ...(query.shelfKeyFrom !== undefined && { $gte: query.shelfKeyFrom }),
        ...(query.shelfKeyTo !== undefined && { $lt: query.shelfKeyTo }),
      },
    });
  }
  if (query.after !== undefined) conditions.push(afterPosition(decodeItemCursor(query.after)));
  return and(conditions);
}

/**
 * The items of a location filed before a shelf key (`side` before) or at or after it. Items
 * without a call number (shelf key '') have no place on a shelf, though they file first in lists.
 */
export function shelfSideFilter(location: ItemLocation, shelfKey: string, side: 'before' | 'after'): Filter {
  return {
    library: location.library,
    shelf: location.shelf,
    shelfKey: side === 'before' ? { $gt: '', $lt: shelfKey } : { $gt: '', $gte: shelfKey },
  };
}

// One condition per field would overwrite each other in one object ($or twice); $and keeps each.
function and(conditions: Filter[]): Filter {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0]!;
  return { $and: conditions };
}
