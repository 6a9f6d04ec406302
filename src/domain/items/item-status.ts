/**
 * Item statuses and the moves between them: the table in docs/items.md. `checked-out` is entered
 * and left only by circulation (check-out, check-in); every other move is a staff action.
 */
export const ITEM_STATUSES = [
  'available',
  'checked-out',
  'reshelving',
  'in-transit',
  'in-repair',
  'missing',
  'lost',
  'withdrawn',
  'on-order',
  'in-processing',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export function isItemStatus(value: unknown): value is ItemStatus {
  return typeof value === 'string' && (ITEM_STATUSES as readonly string[]).includes(value);
}

/** Who asks for a move: staff through the items API and loads, or circulation. */
export type StatusActor = 'staff' | 'circulation';

const STAFF_MOVES: Readonly<Record<ItemStatus, readonly ItemStatus[]>> = {
  available: ['reshelving', 'in-transit', 'in-repair', 'missing', 'lost', 'withdrawn', 'in-processing'],
  'checked-out': ['lost'],
  reshelving: ['available', 'in-transit', 'in-repair', 'missing', 'withdrawn'],
  'in-transit': ['available', 'reshelving', 'missing', 'lost'],
  'in-repair': ['available', 'reshelving', 'in-transit', 'missing', 'withdrawn'],
  missing: ['available', 'reshelving', 'lost', 'withdrawn'],
  lost: ['available', 'reshelving', 'missing', 'withdrawn'],
  withdrawn: ['in-processing'],
  'on-order': ['in-processing', 'available', 'withdrawn'],
  'in-processing': ['available', 'reshelving', 'in-repair', 'withdrawn'],
};

/** Circulation's own moves: check-out from the shelf, check-in back to it (or on its way). */
const CIRCULATION_MOVES: Readonly<Partial<Record<ItemStatus, readonly ItemStatus[]>>> = {
  available: ['checked-out'],
  reshelving: ['checked-out'],
  'checked-out': ['available', 'reshelving', 'in-transit'],
  // A missing or lost item found at check-in comes back.
  missing: ['available', 'reshelving', 'in-transit'],
  lost: ['available', 'reshelving', 'in-transit'],
};

/** The statuses `actor` may move an item to from `from`. */
export function allowedMoves(from: ItemStatus, actor: StatusActor = 'staff'): readonly ItemStatus[] {
  return actor === 'staff' ? STAFF_MOVES[from] : (CIRCULATION_MOVES[from] ?? []);
}

export function canMove(from: ItemStatus, to: ItemStatus, actor: StatusActor = 'staff'): boolean {
  return allowedMoves(from, actor).includes(to);
}

/** A move to this status must say why (docs/items.md). */
export function reasonRequired(to: ItemStatus): boolean {
  return to === 'withdrawn';
}

/** On the shelf or about to be: counted as available copies. */
export function isOnShelf(status: ItemStatus): boolean {
  return status === 'available' || status === 'reshelving';
}
