import { barcodeKey, type Item } from '../domain/items/item';

/**
 * The order every item list of the port is in: location (library, then shelf), shelf key (none
 * first), barcode key, each compared bytewise.
 */
export function compareShelfOrder(a: Item, b: Item): number {
  return (
    compare(a.location.library, b.location.library) ||
    compare(a.location.shelf, b.location.shelf) ||
    compare(a.callNumber?.shelfKey ?? '', b.callNumber?.shelfKey ?? '') ||
    compare(barcodeKey(a.barcode), barcodeKey(b.barcode))
  );
}

/**
 * Strings in UTF-8 byte order, as SQLite (BINARY) and MongoDB compare them. JavaScript's `<`
 * compares UTF-16 units, which puts a character above U+FFFF before U+E000–U+FFFF; a merge of
 * database pages must not disagree with the database's own order.
 */
export function compare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
