import { ACTIVE_HOLD_STATUSES } from '../../domain/circulation/hold';
import { barcodeKey } from '../../domain/items/item';
import { decodeCursor, type CursorList } from '../circulation-cursor';
import type { EventQuery } from '../port';

type Filter = Record<string, unknown>;

/** Newest first, `_id` breaking ties: the indexes' order walked backwards. */
export const NEWEST_EVENTS = { at: -1, _id: -1 } as const;
export const NEWEST_RETURNS = { returnedAt: -1, _id: -1 } as const;
/** The queue's order and a patron's list's: placed first, then id. */
export const PLACED_ORDER = { placedAt: 1, _id: 1 } as const;

export const ACTIVE = { $in: [...ACTIVE_HOLD_STATUSES] };

/** The filter for one page of `events`: the query's conditions, then before its cursor. */
export function eventsFilter(query: EventQuery): Filter {
  const conditions: Filter[] = [];
  if (query.patronId !== undefined) conditions.push({ patronId: query.patronId });
  if (query.itemBarcode !== undefined) conditions.push({ itemKey: barcodeKey(query.itemBarcode) });
  if (query.loanId !== undefined) conditions.push({ loanId: query.loanId });
  if (query.kinds !== undefined) conditions.push({ kind: { $in: [...query.kinds] } });
  if (query.from !== undefined || query.to !== undefined) {
    conditions.push({
      at: {
        ...(query.from !== undefined && { $gte: query.from }),
        ...(query.to !== undefined && { $lt: query.to }),
      },
    });
  }
  if (query.after !== undefined) conditions.push(before('events', 'at', query.after));
  return and(conditions);
}

/** Entries strictly older than the cursor's in (`field`, `_id`) order. */
export function before(list: CursorList, field: 'at' | 'returnedAt', cursor: string): Filter {
  const { at, id } = decodeCursor(list, cursor);
  return { $or: [{ [field]: { $lt: at } }, { [field]: at, _id: { $lt: id } }] };
}

export function and(conditions: Filter[]): Filter {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0]!;
  return { $and: conditions };
}
