/**
 * Item statuses and the moves between them: the table in docs/items.md. `checked-out` and
 * `on-hold-shelf` are entered only by circulation (check-out, check-in, holds); every other move
 * is a staff action.
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
  // Trapped for a hold, waiting on the hold shelf of its pickup library: not for anyone else.
  'on-hold-shelf',
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
  // Not picked up and not found, or sent back: the hold is circulation's to settle.
  'on-hold-shelf': ['missing', 'lost', 'reshelving'],
};

/**
 * Circulation's own moves: check-out from the shelf, check-in back to it (or on its way), and
 * holds: a copy trapped at check-in or on the shelf goes to the hold shelf (or travels there), the
 * holder borrows it, or the hold ends and it goes back.
 */
const CIRCULATION_MOVES: Readonly<Partial<Record<ItemStatus, readonly ItemStatus[]>>> = {
  available: ['checked-out', 'on-hold-shelf', 'in-transit'],
  reshelving: ['checked-out', 'on-hold-shelf', 'in-transit'],
  'checked-out': ['available', 'reshelving', 'in-transit', 'on-hold-shelf'],
  'in-transit': ['on-hold-shelf'],
  'on-hold-shelf': ['checked-out', 'reshelving', 'available', 'in-transit'],
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

/** Statuses only circulation sets: no load, import or API create may give them. */
export const CIRCULATION_STATUSES: readonly ItemStatus[] = ['checked-out', 'on-hold-shelf'];

export function isCirculationStatus(status: ItemStatus): boolean {
  return CIRCULATION_STATUSES.includes(status);
}

/** A move to this status must say why (docs/items.md). */
export function reasonRequired(to: ItemStatus): boolean {
  return to === 'withdrawn';
}

/** On the shelf or about to be: counted as available copies. */
export function isOnShelf(status: ItemStatus): boolean {
  return status === 'available' || status === 'reshelving';
}
