import { barcodeKey } from '../items/item';
import type { Hold } from './hold';

/**
 * Whether a waiting hold still wants an item on `today`: a patron to give it to (an anonymised
 * patron's hold has none) and its not-needed-after day not passed. Whether the patron may borrow
 * (blocked, card expired) is the circulation service's to filter before asking: it reads patrons,
 * this does not.
 */
export function isWaitingFor(hold: Hold, today: string): boolean {
  return (
    hold.status === 'waiting' &&
    hold.patronId !== undefined &&
    (hold.notNeededAfter === undefined || today <= hold.notNeededAfter)
  );
}

/** A hold this item can fill: on its record (any copy), or on this very item. */
export function couldFill(hold: Hold, itemBarcode: string): boolean {
  return hold.itemBarcode === undefined || barcodeKey(hold.itemBarcode) === barcodeKey(itemBarcode);
}

/**
 * The hold check-in traps `itemBarcode` for: the first in `queue` (the record's active holds in
 * queue order, as CirculationStore.holdQueue gives them) that waits, still wants it, and is on the
 * record or on this item. Undefined when none.
 */
export function firstEligibleHold(
  queue: readonly Hold[],
  itemBarcode: string,
  today: string,
): Hold | undefined {
  return queue.find((hold) => isWaitingFor(hold, today) && couldFill(hold, itemBarcode));
}
