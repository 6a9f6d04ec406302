import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import { barcodeKey, parseLocation, type Item } from '../domain/items/item';
import { detectScheme } from '../domain/items/call-number-scheme';
import { itemShelfKey } from '../domain/items/item-call-number';
import {
  allowedMoves,
  canMove,
  isCirculationStatus,
  reasonRequired,
  type ItemStatus,
} from '../domain/items/item-status';
import type { LocationDirectory } from '../domain/items/locations';
import { AppError } from '../errors/app-error';
import type { ItemPage, ItemQuery } from '../items/port';
import {
  fieldsOf,
  invalidItem,
  newItemFrom,
  patchedFields,
  type ItemPatchInput,
  type NewItemInput,
} from './item-input';
import { transferItems, type TransferReport } from './item-transfer';

/** If-Match as the service reads it: `*` (the item exists), or the versions its tags name. */
export type IfMatch = { any: true } | { versions: readonly number[] };

export interface ItemListFilter {
  /** `MAIN/STACKS`, or a library alone (`MAIN`). */
  location?: string;
  statuses?: readonly ItemStatus[];
  itemType?: string;
  /** A call number: the page starts at it (needs a whole location). */
  callNumberFrom?: string;
  limit: number;
  after?: string;
}

/**
 * Items as staff and the catalog's clients use them: read a record's copies, add one, correct one
 * (a merge patch), move it through the status table, and move many between locations. Every
 * write is one unit of work with the availability refresh of the records it touched, so a
 * search never shows a summary older than the items. `by` is the API key id, never a person.
 */
export class ItemsService {
  constructor(
    private readonly backends: Backends,
    private readonly locations: LocationDirectory,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async get(barcode: string): Promise<Item> {
    const item = await this.backends.items.get(barcode);
    if (!item) throw notFound(barcode);
    return item;
  }

  /** A live record's items in shelf order; `record_not_found` / `record_deleted` otherwise. */
  async forRecord(recordId: string): Promise<Item[]> {
    await this.requireRecord(recordId);
    return this.backends.items.forRecord(recordId);
  }

  async list(filter: ItemListFilter): Promise<ItemPage> {
    const query: ItemQuery = { limit: filter.limit };
    if (filter.location !== undefined) {
      const text = filter.location.trim();
      const location = parseLocation(text);
      if (location) query.location = location;
      else query.library = text.toUpperCase();
    }
    if (filter.statuses?.length) query.statuses = filter.statuses;
    if (filter.itemType !== undefined) query.itemType = filter.itemType.toLowerCase();
    if (filter.after !== undefined) query.after = filter.after;
    if (filter.callNumberFrom !== undefined) {
      if (!query.location) {
        throw new AppError(
          'invalid_parameter',
          'callnumberFrom needs a whole location (location=LIBRARY/LOCATION): shelf order is per location',
          { parameter: 'callnumberFrom' },
        );
      }
      const value = filter.callNumberFrom.trim();
      query.shelfKeyFrom = itemShelfKey({ value, scheme: detectScheme(value) });
    }
    return this.backends.items.list(query);
  }

  async create(recordId: string, input: NewItemInput, by?: string): Promise<Item> {
    const item = newItemFrom(recordId, input, this.locations);
    await this.requireRecord(recordId);
    return this.write(item.barcode, [recordId], () => this.backends.items.create(item, this.now(), by));
  }

  /**
   * A merge patch of the descriptive fields. With If-Match, only to the versions it names (412
   * `version_conflict` otherwise); without, to the version read, read again once if another
   * write came between. A patch that changes nothing writes nothing (the version stays).
   */
  async patch(barcode: string, patch: ItemPatchInput, ifMatch?: IfMatch): Promise<Item> {
    let current = await this.get(barcode);
    for (let attempt = 0; ; attempt++) {
      if (ifMatch && !matches(ifMatch, current.version)) throw stale(current, ifMatch);
      const fields = patchedFields(current, patch, this.locations);
      if (sameJson(fields, fieldsOf(current))) return current;
      try {
        const from = current;
        return await this.write(from.barcode, [from.recordId], () =>
          this.backends.items.update(from.barcode, fields, from.version, this.now()),
        );
      } catch (err) {
        if (!isVersionConflict(err) || attempt > 0) throw err;
        current = await this.get(barcode);
      }
    }
  }

  /**
   * A staff move through the status table. With If-Match naming a version that is no longer
   * current, or when a concurrent change wins the compare-and-set, the answer is 409
   * `item_status_conflict` with the current status, version and allowed moves: of concurrent
   * changes from one version exactly one succeeds. Without If-Match, a lost race is read again
   * once and the move judged afresh.
   */
  async changeStatus(
    barcode: string,
    request: { status: ItemStatus; reason?: string },
    options: { ifMatch?: IfMatch; by?: string } = {},
  ): Promise<Item> {
    const reason = request.reason?.trim() || undefined;
    if (reasonRequired(request.status) && !reason)
      throw invalidItem('reason', `a move to ${request.status} needs a reason`);
    const pinned = options.ifMatch !== undefined && !('any' in options.ifMatch);
    let current = await this.get(barcode);
    if (options.ifMatch && !matches(options.ifMatch, current.version))
      throw statusConflict(current, request.status, 'stale');
    for (let attempt = 0; ; attempt++) {
      // Already there (a second scan at the desk, a client retrying a move that landed): no move,
      // no version, no history entry; a 409 would tell the technician something went wrong.
      // checked-out and on-hold-shelf stay circulation's alone, even as a no-op.
      if (current.status === request.status && !isCirculationStatus(request.status)) return current;
      if (!canMove(current.status, request.status)) throw statusConflict(current, request.status, 'move');
      if (current.loan && request.status !== 'lost') throw onLoan(current, request.status);
      const from = current;
      const change = { from: from.status, to: request.status, at: this.now(), by: options.by, reason };
      try {
        return await this.write(from.barcode, [from.recordId], () =>
          this.backends.items.changeStatus(from.barcode, withoutUndefined(change), from.version),
        );
      } catch (err) {
        if (!isVersionConflict(err)) throw err;
        current = await this.get(barcode);
        if (pinned || attempt > 0) throw statusConflict(current, request.status, 'stale');
      }
    }
  }

  /** Many barcodes to one location, each barcode's outcome reported (item-transfer.ts). */
  async transfer(barcodes: readonly string[], to: string): Promise<TransferReport> {
    return transferItems(this.backends, this.locations, barcodes, to, this.now);
  }

  /** A write and the availability refresh of the records it touched, in one unit of work. */
  private async write(
    barcode: string,
    recordIds: string[],
    work: () => Promise<Item | undefined>,
  ): Promise<Item> {
    return this.backends.atomically(async () => {
      const item = await work();
      // Undefined: the item went between the read and the write.
      if (!item) throw notFound(barcode);
      await refreshAvailability(this.backends, [...new Set([...recordIds, item.recordId])]);
      return item;
    });
  }

  private async requireRecord(id: string): Promise<void> {
    if (await this.backends.store.get(id)) return;
    const tombstone = await this.backends.store.getTombstone(id);
    if (tombstone) {
      throw new AppError('record_deleted', `record ${id} was deleted at ${tombstone.deletedAt}`, {
        id,
        deletedAt: tombstone.deletedAt,
        version: tombstone.version,
      });
    }
    throw new AppError('record_not_found', `no record ${id}`, { id });
  }
}

export function matches(ifMatch: IfMatch, version: number): boolean {
  return 'any' in ifMatch || ifMatch.versions.includes(version);
}

export function isVersionConflict(err: unknown): boolean {
  return err instanceof AppError && err.code === 'version_conflict';
}

function notFound(barcode: string): AppError {
  return new AppError('item_not_found', `no item with barcode ${barcode}`, { barcode: barcodeKey(barcode) });
}

function stale(item: Item, ifMatch: IfMatch): AppError {
  const asked = 'any' in ifMatch ? '*' : ifMatch.versions.map((v) => `"v${v}"`).join(', ');
  return new AppError(
    'version_conflict',
    `item ${item.barcode} is at version ${item.version}; If-Match asked for ${asked}`,
    { barcode: item.barcode, version: item.version },
  );
}

/** 409 with what a client needs to decide again: the current status, its version, the moves open. */
function statusConflict(item: Item, to: ItemStatus, why: 'stale' | 'move'): AppError {
  const moves = allowedMoves(item.status, 'staff');
  const open = moves.length > 0 ? `; staff may move it to ${moves.join(', ')}` : '';
  const message =
    why === 'stale'
      ? `item ${item.barcode} changed meanwhile: it is ${item.status} at version ${item.version}${open}`
      : `item ${item.barcode} is ${item.status}: it cannot move to ${to}${circulationOnly(to)}${open}`;
  return new AppError('item_status_conflict', message, {
    barcode: item.barcode,
    status: item.status,
    version: item.version,
    allowedMoves: [...moves],
  });
}

/**
 * An item on loan leaves its loan only through circulation (check-in), which closes the loan with
 * it; staff may say it is lost meanwhile (the loan stays: lost on loan), nothing else.
 */
function onLoan(item: Item, to: ItemStatus): AppError {
  return new AppError(
    'item_checked_out',
    `item ${item.barcode} is ${item.status} on loan: check it in before moving it to ${to}`,
    { barcode: item.barcode, status: item.status, version: item.version },
  );
}

function circulationOnly(to: ItemStatus): string {
  if (to === 'checked-out') return ' (circulation checks items out)';
  return to === 'on-hold-shelf' ? ' (circulation traps items for holds)' : '';
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Equal as JSON whatever the key order (a store may give back keys in its own order). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortedKeys(v)]),
  );
}
