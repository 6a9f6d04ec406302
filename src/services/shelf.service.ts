import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import { displayCallNumber } from '../domain/items/availability';
import type { Item, ItemCallNumberScheme, ItemLocation } from '../domain/items/item';
import { barcodeKey, locationCode } from '../domain/items/item';
import { detectScheme } from '../domain/items/call-number-scheme';
import { itemShelfKey } from '../domain/items/item-call-number';
import type { ItemStatus } from '../domain/items/item-status';
import type { LocationDirectory } from '../domain/items/locations';
import {
  analyzeShelfScans,
  expectedNotScanned,
  type ShelfScanAnalysis,
  type UnscannedItem,
} from '../domain/items/shelf-reading';
import { AppError } from '../errors/app-error';
import { excerpt } from '../errors/excerpt';
import type { ItemStore } from '../items/port';
import { knownLocation } from './item-input';

/** One reading is a stretch of shelving, not an inventory of the building: split larger scans. */
export const MAX_SHELF_SCANS = 5000;
export const MAX_BARCODE_LENGTH = 100;
/** Unscanned items listed at most; a reading whose range holds more says `notScannedTruncated`. */
export const MAX_NOT_SCANNED = 1000;
const RANGE_PAGE = 500;

/** What the history of an item found on its shelf says. */
export const FOUND_REASON = 'found in shelf-reading';

export interface ShelfReadingRequest {
  location: string;
  barcodes: readonly string[];
  /** Mark every scanned `missing` item `available` (otherwise the report only offers it). */
  markFoundAvailable?: boolean;
}

/** `offered`: not asked for; `done`: the item is `available` now; `failed`: see `reason`. */
export interface ShelfAction {
  barcode: string;
  action: 'mark-available';
  from: ItemStatus;
  outcome: 'offered' | 'done' | 'failed';
  reason?: string;
}

export type ShelfReadingReport = Omit<ShelfScanAnalysis, 'range'> & {
  /** The call-number range the in-order items covered, first to last. */
  range?: { first: string; last: string; from?: string; to?: string };
  notScanned: UnscannedItem[];
  notScannedTruncated?: true;
  actions: ShelfAction[];
};

export interface ShelfPositionQuery {
  callNumber: string;
  location: string;
  scheme?: ItemCallNumberScheme;
  before: number;
  after: number;
}

export interface ShelfNeighbour {
  barcode: string;
  recordId: string;
  callNumber?: string;
  status: ItemStatus;
}

export interface ShelfPosition {
  callNumber: string;
  scheme: ItemCallNumberScheme;
  location: string;
  shelfKey: string;
  /** Items filed before the call number, nearest last. */
  before: ShelfNeighbour[];
  /** Items filed at or after it, nearest first. */
  after: ShelfNeighbour[];
}

/**
 * Shelf work (docs/items.md): checking a scanned shelf against the catalog, and finding where a
 * new call number goes. The rules are in src/domain/items/shelf-reading.ts; this fetches and writes.
 */
export class ShelfService {
  private readonly items: ItemStore;

  /**
   * `locations` is the locations file: a reading or a position at a location it does not list is
   * refused (400 `invalid_location`, naming the listed ones), as API writes are. A typo would
   * otherwise read as a shelf where every scan stands elsewhere, or an empty one.
   */
  constructor(
    private readonly backends: Backends,
    private readonly locations: LocationDirectory,
  ) {
    this.items = backends.items;
  }

  async readShelf(request: ShelfReadingRequest, by?: string): Promise<ShelfReadingReport> {
    const location = knownLocation(request.location, this.locations);
    const barcodes = checkScans(request.barcodes);
    const found = await this.items.getMany([...new Set(barcodes.map(barcodeKey))]);
    const analysis = analyzeShelfScans(location, barcodes, found);
    const { items: inRange, truncated } = await this.itemsInRange(location, analysis);
    const notScanned = expectedNotScanned(analysis, barcodes, inRange);
    const actions = await this.foundActions(analysis, found, Boolean(request.markFoundAvailable), by);
    const { range, ...rest } = analysis;
    const byBarcode = new Map(found.map((i) => [barcodeKey(i.barcode), i]));
    return {
      ...rest,
      ...(range && { range: describeRange(range, byBarcode) }),
      notScanned: notScanned.slice(0, MAX_NOT_SCANNED),
      ...((truncated || notScanned.length > MAX_NOT_SCANNED) && { notScannedTruncated: true as const }),
      actions,
    };
  }

  async position(query: ShelfPositionQuery): Promise<ShelfPosition> {
    const location = knownLocation(query.location, this.locations);
    const callNumber = query.callNumber.trim();
    if (callNumber === '') throw new AppError('invalid_item', 'callnumber is blank', { field: 'callnumber' });
    const scheme = query.scheme ?? detectScheme(callNumber);
    const shelfKey = itemShelfKey({ value: callNumber, scheme });
    const around = await this.items.shelf(location, shelfKey, { before: query.before, after: query.after });
    const filedBefore = (item: Item) => (item.callNumber?.shelfKey ?? '') < shelfKey;
    return {
      callNumber,
      scheme,
      location: locationCode(location),
      shelfKey,
      // slice(-0) would keep them all.
      before: (query.before === 0 ? [] : around.filter(filedBefore).slice(-query.before)).map(neighbour),
      after: around
        .filter((i) => !filedBefore(i))
        .slice(0, query.after)
        .map(neighbour),
    };
  }

  /** Items of the location filed from the first to the last in-order key, paged off the store. */
  private async itemsInRange(
    location: ItemLocation,
    analysis: ShelfScanAnalysis,
  ): Promise<{ items: Item[]; truncated: boolean }> {
    const range = analysis.range;
    if (!range) return { items: [], truncated: false };
    const items: Item[] = [];
    let after: string | undefined;
    // Scanned items are in the range too, so the cap allows for them.
    const cap = analysis.scanned + MAX_NOT_SCANNED;
    for (;;) {
      const page = await this.items.list({
        location,
        statuses: ['available', 'reshelving'],
        shelfKeyFrom: range.fromKey,
        limit: RANGE_PAGE,
        ...(after !== undefined && { after }),
      });
      for (const item of page.items) {
        if ((item.callNumber?.shelfKey ?? '') > range.toKey) return { items, truncated: false };
        items.push(item);
      }
      if (!page.next) return { items, truncated: false };
      if (items.length >= cap) return { items, truncated: true };
      after = page.next;
    }
  }

  private async foundActions(
    analysis: ShelfScanAnalysis,
    found: readonly Item[],
    apply: boolean,
    by: string | undefined,
  ): Promise<ShelfAction[]> {
    const offered = analysis.wrongStatus.filter((w) => w.canMarkAvailable);
    const actions: ShelfAction[] = offered.map((w) => ({
      barcode: w.barcode,
      action: 'mark-available',
      from: w.status,
      outcome: 'offered',
    }));
    if (!apply || actions.length === 0) return actions;
    const byBarcode = new Map(found.map((i) => [barcodeKey(i.barcode), i]));
    const changed: string[] = [];
    const at = new Date().toISOString();
    await this.backends.atomically(async () => {
      for (const action of actions) {
        const item = byBarcode.get(barcodeKey(action.barcode))!;
        await this.markAvailable(item, action, at, by, changed);
      }
      await refreshAvailability(this.backends, [...new Set(changed)]);
    });
    return actions;
  }

  /** A conflict (someone changed the item since it was read) fails this action, not the reading. */
  private async markAvailable(
    item: Item,
    action: ShelfAction,
    at: string,
    by: string | undefined,
    changed: string[],
  ): Promise<void> {
    try {
      const change = { from: item.status, to: 'available' as const, at, reason: FOUND_REASON };
      const moved = await this.items.changeStatus(
        item.barcode,
        by ? { ...change, by } : change,
        item.version,
      );
      if (!moved) {
        Object.assign(action, { outcome: 'failed', reason: 'the item is gone' });
        return;
      }
      action.outcome = 'done';
      changed.push(moved.recordId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      Object.assign(action, { outcome: 'failed', reason: `${err.code}: ${err.message}` });
    }
  }
}

/** The HTTP schema checks the same; the CLI reads its scans from a file. */
function checkScans(barcodes: readonly string[]): string[] {
  if (barcodes.length === 0 || barcodes.length > MAX_SHELF_SCANS) {
    throw new AppError(
      'invalid_shelf_barcodes',
      `a shelf-reading takes 1 to ${MAX_SHELF_SCANS} barcodes, not ${barcodes.length}: split the scan`,
      { count: barcodes.length, max: MAX_SHELF_SCANS },
    );
  }
  const trimmed = barcodes.map((b) => b.trim());
  const bad = trimmed.findIndex((b) => b === '' || b.length > MAX_BARCODE_LENGTH);
  if (bad >= 0) {
    throw new AppError(
      'invalid_shelf_barcodes',
      `barcode ${bad + 1} (${excerpt(barcodes[bad])}) is blank or longer than ${MAX_BARCODE_LENGTH} characters`,
      { position: bad + 1 },
    );
  }
  return trimmed;
}

function describeRange(
  range: NonNullable<ShelfScanAnalysis['range']>,
  byBarcode: Map<string, Item>,
): NonNullable<ShelfReadingReport['range']> {
  const from = displayCallNumber(byBarcode.get(barcodeKey(range.first)) ?? {});
  const to = displayCallNumber(byBarcode.get(barcodeKey(range.last)) ?? {});
  return {
    first: range.first,
    last: range.last,
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
}

function neighbour(item: Item): ShelfNeighbour {
  const callNumber = displayCallNumber(item);
  return {
    barcode: item.barcode,
    recordId: item.recordId,
    ...(callNumber !== undefined && { callNumber }),
    status: item.status,
  };
}
