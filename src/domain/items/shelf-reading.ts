import { displayCallNumber } from './availability';
import type { Item, ItemLocation } from './item';
import { barcodeKey, locationCode } from './item';
import { isOnShelf, type ItemStatus } from './item-status';
import { longestRunInOrder } from './longest-run';

/**
 * Shelf-reading: the barcodes scanned along a shelf, in order, checked against the items the store
 * holds (docs/items.md, "Shelf work"). Pure: the service fetches the items and, for the scanned
 * call-number range, the items expected there; this decides what is wrong and what to do.
 */

/** One scanned item as the report names it: enough to find it on the shelf by its spine label. */
export interface ScannedItem {
  barcode: string;
  /** 1-based place in the scan. */
  position: number;
  recordId: string;
  /** As the spine label shows it (prefix, class number, volume). */
  callNumber?: string;
  status: ItemStatus;
}

export interface MisplacedItem extends ScannedItem {
  /** The in-order item it should stand right after (absent: at the start of the run). */
  after?: string;
  /** The in-order item it should stand right before (absent: at the end of the run). */
  before?: string;
}

export interface ElsewhereItem extends ScannedItem {
  /** Where it belongs: `MAIN/REFERENCE`. */
  location: string;
}

export interface WrongStatusItem extends ScannedItem {
  /** Staff may mark it `available` now that it is found (`missing` items only). */
  canMarkAvailable: boolean;
}

export interface ShelfScanAnalysis {
  location: string;
  /** Scans given, duplicates included. */
  scanned: number;
  /** Items of this location kept where they stand: the longest run in shelf order. */
  inOrder: number;
  misplaced: MisplacedItem[];
  unknown: { barcode: string; position: number }[];
  elsewhere: ElsewhereItem[];
  wrongStatus: WrongStatusItem[];
  /** Items of this location without a call number: their place cannot be checked. */
  withoutCallNumber: ScannedItem[];
  /** Barcodes scanned more than once; only the first scan counts. */
  duplicates: { barcode: string; positions: number[] }[];
  /** Shelf keys of the first and last in-order items: the range the scan covered. */
  range?: { fromKey: string; toKey: string; first: string; last: string };
}

/**
 * The one status a scan may move an item out of: a `missing` copy on its shelf is found. A `lost`
 * one is left to staff (a patron may have paid for it), and circulation's statuses to circulation.
 */
export function canMarkFoundAvailable(status: ItemStatus): boolean {
  return status === 'missing';
}

export function analyzeShelfScans(
  location: ItemLocation,
  barcodes: readonly string[],
  items: readonly Item[],
): ShelfScanAnalysis {
  const here = locationCode(location);
  const byKey = new Map(items.map((item) => [barcodeKey(item.barcode), item]));
  const report: ShelfScanAnalysis = {
    location: here,
    scanned: barcodes.length,
    inOrder: 0,
    misplaced: [],
    unknown: [],
    elsewhere: [],
    wrongStatus: [],
    withoutCallNumber: [],
    duplicates: [],
  };
  const shelved: { scanned: ScannedItem; key: string }[] = [];
  for (const { barcode, positions } of firstScans(barcodes, report)) {
    const position = positions[0]!;
    const item = byKey.get(barcodeKey(barcode));
    if (!item) {
      report.unknown.push({ barcode, position });
      continue;
    }
    const scanned = scannedItem(item, position);
    if (!isOnShelf(item.status))
      report.wrongStatus.push({ ...scanned, canMarkAvailable: canMarkFoundAvailable(item.status) });
    if (locationCode(item.location) !== here)
      report.elsewhere.push({ ...scanned, location: locationCode(item.location) });
    else if (item.callNumber === undefined) report.withoutCallNumber.push(scanned);
    else shelved.push({ scanned, key: item.callNumber.shelfKey });
  }
  placeInOrder(shelved, report);
  return report;
}

/** Each barcode once, at its first scan; repeats go to `duplicates`. */
function firstScans(
  barcodes: readonly string[],
  report: ShelfScanAnalysis,
): { barcode: string; positions: number[] }[] {
  const seen = new Map<string, { barcode: string; positions: number[] }>();
  barcodes.forEach((raw, i) => {
    const barcode = raw.trim();
    const key = barcodeKey(barcode);
    const entry = seen.get(key);
    if (entry) entry.positions.push(i + 1);
    else seen.set(key, { barcode, positions: [i + 1] });
  });
  const scans = [...seen.values()];
  report.duplicates = scans.filter((s) => s.positions.length > 1);
  return scans;
}

/** Keeps the longest run in shelf-key order; every other item is misplaced, with its place in the run. */
function placeInOrder(shelved: { scanned: ScannedItem; key: string }[], report: ShelfScanAnalysis): void {
  const keys = shelved.map((s) => s.key);
  const run = longestRunInOrder(keys);
  report.inOrder = run.length;
  if (run.length === 0) return;
  const kept = new Set(run);
  const runKeys = run.map((i) => keys[i]!);
  const runBarcodes = run.map((i) => shelved[i]!.scanned.barcode);
  shelved.forEach((s, i) => {
    if (kept.has(i)) return;
    // After every run item filed at or before it; equal keys (copies) stand together.
    const slot = upperBound(runKeys, s.key);
    report.misplaced.push({
      ...s.scanned,
      ...(slot > 0 && { after: runBarcodes[slot - 1] }),
      ...(slot < runKeys.length && { before: runBarcodes[slot] }),
    });
  });
  report.range = {
    fromKey: runKeys[0]!,
    toKey: runKeys[runKeys.length - 1]!,
    first: runBarcodes[0]!,
    last: runBarcodes[runBarcodes.length - 1]!,
  };
}

/** Index of the first key greater than `key` in sorted `keys`. */
function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function scannedItem(item: Item, position: number): ScannedItem {
  const callNumber = displayCallNumber(item);
  return {
    barcode: item.barcode,
    position,
    recordId: item.recordId,
    ...(callNumber !== undefined && { callNumber }),
    status: item.status,
  };
}

/** An item that should stand in the scanned range and was not scanned. */
export interface UnscannedItem {
  barcode: string;
  recordId: string;
  callNumber?: string;
  status: ItemStatus;
}

/**
 * Of the items filed in the scanned range (the service asks the store for them), those expected on
 * the shelf (`available`, `reshelving`) that no scan found, in shelf order.
 */
export function expectedNotScanned(
  analysis: ShelfScanAnalysis,
  barcodes: readonly string[],
  inRange: readonly Item[],
): UnscannedItem[] {
  const range = analysis.range;
  if (!range) return [];
  const scanned = new Set(barcodes.map(barcodeKey));
  return inRange
    .filter((item) => isOnShelf(item.status) && !scanned.has(barcodeKey(item.barcode)))
    .filter((item) => locationCode(item.location) === analysis.location)
    .filter((item) => {
      const key = item.callNumber?.shelfKey;
      return key !== undefined && key >= range.fromKey && key <= range.toKey;
    })
    .map((item) => {
      const callNumber = displayCallNumber(item);
      return {
        barcode: item.barcode,
        recordId: item.recordId,
        ...(callNumber !== undefined && { callNumber }),
        status: item.status,
      };
    });
}
