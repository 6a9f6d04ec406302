import { patronBarcodeKey, patronNameKey } from '../../domain/patrons/patron';
import { decodePatronCursor } from '../patron-cursor';
import { patronEmailKey, prefixUpperBound } from '../patron-keys';
import type { PatronQuery } from '../port';

/** find's order: the `name_order` database index, walked as it is. */
export const NAME_ORDER = { nameKey: 1, _id: 1 } as const;

/**
 * `find`'s filter: equality on the barcode and email keys, a range on the name key for a prefix
 * (the same bounds as the SQLite store's, patron-keys.ts), and keyset paging after the cursor's
 * (name key, id). The cursor is decoded first: a bad one is the caller's mistake whatever else.
 */
export function findFilter(query: PatronQuery): Record<string, unknown> {
  const after = query.after === undefined ? undefined : decodePatronCursor(query.after);
  const and: Record<string, unknown>[] = [];
  // Never found by name or email once anonymised, whatever includeAnonymised says (the port).
  const liveOnly = !query.includeAnonymised || query.namePrefix !== undefined || query.email !== undefined;
  if (liveOnly) and.push({ barcodeKey: { $exists: true } });
  if (query.barcode !== undefined) and.push({ barcodeKey: patronBarcodeKey(query.barcode) });
  if (query.email !== undefined) and.push({ emailKey: patronEmailKey(query.email) });
  if (query.namePrefix !== undefined) {
    const prefix = patronNameKey(query.namePrefix);
    const bound = prefixUpperBound(prefix);
    and.push({ nameKey: bound === undefined ? { $gte: prefix } : { $gte: prefix, $lt: bound } });
  }
  if (after)
    and.push({
      $or: [{ nameKey: { $gt: after.nameKey } }, { nameKey: after.nameKey, _id: { $gt: after.id } }],
    });
  return and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
}
