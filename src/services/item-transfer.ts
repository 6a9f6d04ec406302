import { refreshAvailability } from '../backends/availability-refresh';
import type { Backends } from '../backends/backends';
import { barcodeKey, isOnLoan, locationCode, type Item, type ItemLocation } from '../domain/items/item';
import type { LocationDirectory } from '../domain/items/locations';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/codes';
import { fieldsOf, knownLocation } from './item-input';

/**
 * Loading and unloading the bookmobile: many barcodes to one location, each barcode's outcome
 * reported in the order given. One unit of work, so the availability refresh sees every move; a
 * barcode that fails does not undo the others (the report says which did not move and why).
 *
 * A transfer changes where an item stands, not what it is doing: it is a descriptive change like
 * a PATCH of `location` (version + 1), not a status change, so the item's history is untouched.
 */
export interface TransferReport {
  to: ItemLocation;
  results: TransferOutcome[];
  counts: Record<TransferOutcome['outcome'], number>;
}

export type TransferOutcome =
  | { barcode: string; outcome: 'moved'; from: string; version: number }
  | { barcode: string; outcome: 'unchanged'; version: number }
  | { barcode: string; outcome: 'not_found' | 'refused'; code: ErrorCode; message: string };

export async function transferItems(
  backends: Backends,
  locations: LocationDirectory,
  barcodes: readonly string[],
  toText: string,
  now: () => string,
): Promise<TransferReport> {
  const to = knownLocation(toText, locations);
  return backends.atomically(async () => {
    const known = new Map((await backends.items.getMany(barcodes)).map((i) => [barcodeKey(i.barcode), i]));
    const touched = new Set<string>();
    const results: TransferOutcome[] = [];
    for (const given of barcodes) {
      const key = barcodeKey(given);
      const outcome = await moveOne(backends, known.get(key), given, to, now);
      if (outcome.item) {
        // The same barcode again later in the list sees this move (and is then unchanged).
        known.set(key, outcome.item);
        if (outcome.result.outcome === 'moved') touched.add(outcome.item.recordId);
      }
      results.push(outcome.result);
    }
    await refreshAvailability(backends, [...touched]);
    return { to, results, counts: countOutcomes(results) };
  });
}

async function moveOne(
  backends: Backends,
  item: Item | undefined,
  given: string,
  to: ItemLocation,
  now: () => string,
): Promise<{ result: TransferOutcome; item?: Item }> {
  for (let attempt = 0; ; attempt++) {
    if (!item) return { result: refusal(given, 'item_not_found', `no item with barcode ${given}`) };
    const refused = whyNot(item, given);
    if (refused) return { result: refused, item };
    if (locationCode(item.location) === locationCode(to))
      return { result: { barcode: given, outcome: 'unchanged', version: item.version }, item };
    try {
      const moved = await backends.items.update(
        item.barcode,
        { ...fieldsOf(item), location: to },
        item.version,
        now(),
      );
      if (!moved) return { result: refusal(given, 'item_not_found', `no item with barcode ${given}`) };
      const from = locationCode(item.location);
      return { result: { barcode: given, outcome: 'moved', from, version: moved.version }, item: moved };
    } catch (err) {
      // Another writer came between the read and the move (scale-out stores): judge it again, once.
      if (!(err instanceof AppError && err.code === 'version_conflict') || attempt > 0) throw err;
      item = await backends.items.get(item.barcode);
    }
  }
}

/** Items that must not be moved: one on loan is not on any shelf; a withdrawn one is gone. */
function whyNot(item: Item, given: string): TransferOutcome | undefined {
  if (isOnLoan(item)) {
    const out = item.status === 'checked-out' ? 'checked out' : `${item.status} on loan`;
    return refusal(given, 'item_checked_out', `item ${item.barcode} is ${out}: check it in first`);
  }
  if (item.status === 'withdrawn')
    return refusal(given, 'item_status_conflict', `item ${item.barcode} is withdrawn: reinstate it first`);
  return undefined;
}

function refusal(barcode: string, code: ErrorCode, message: string): TransferOutcome {
  return { barcode, outcome: code === 'item_not_found' ? 'not_found' : 'refused', code, message };
}

function countOutcomes(results: readonly TransferOutcome[]): TransferReport['counts'] {
  const counts = { moved: 0, unchanged: 0, not_found: 0, refused: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}
