import { barcodeKey, type Item } from '../domain/items/item';

/**
 * The order every item list of the port is in: location (library, then shelf), shelf key (none
 * first), barcode key. Bytewise, as both databases compare strings; shelf keys are ASCII.
 */
export function compareShelfOrder(a: Item, b: Item): number {
  return (
    compare(a.location.library, b.location.library) ||
    compare(a.location.shelf, b.location.shelf) ||
    compare(a.callNumber?.shelfKey ?? '', b.callNumber?.shelfKey ?? '') ||
    compare(barcodeKey(a.barcode), barcodeKey(b.barcode))
  );
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
