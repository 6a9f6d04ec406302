import { AppError } from '../../errors/app-error';
import { boundedValue, excerpt } from '../../errors/excerpt';
import type { ItemDoc } from './item.schema';
import { decodeCursorState, encodeCursorState } from '../../domain/cursor-codec';

/**
 * The `list` cursor: the last item's place in shelf order (library, shelf, shelf key, barcode
 * key), as base64url JSON. Keyset paging rather than an offset: an item created, moved or
 * withdrawn while a client pages shifts no other item across a page boundary, so an item that
 * stays put is listed exactly once.
 */
export interface ShelfPosition {
  library: string;
  shelf: string;
  shelfKey: string;
  key: string;
}

export function encodeItemCursor(doc: Pick<ItemDoc, 'library' | 'shelf' | 'shelfKey' | '_id'>): string {
  return encodeCursorState({ l: doc.library, s: doc.shelf, k: doc.shelfKey, i: doc._id });
}

/** The position a cursor names, or `invalid_parameter` naming it. */
export function decodeItemCursor(cursor: string): ShelfPosition {
  const parsed = decodeCursorState(cursor);
  const { l, s, k, i } = parsed ?? {};
  if (typeof l !== 'string' || typeof s !== 'string' || typeof k !== 'string' || typeof i !== 'string') {
    throw new AppError('invalid_parameter', `${excerpt(cursor)} is not an item list cursor`, {
      cursor: boundedValue(cursor),
    });
  }
  return { library: l, shelf: s, shelfKey: k, key: i };
}

/** The filter for items after `p` in (library, shelf, shelfKey, _id) order. */
export function afterPosition(p: ShelfPosition): Record<string, unknown> {
  return {
    $or: [
      { library: { $gt: p.library } },
      { library: p.library, shelf: { $gt: p.shelf } },
      { library: p.library, shelf: p.shelf, shelfKey: { $gt: p.shelfKey } },
      { library: p.library, shelf: p.shelf, shelfKey: p.shelfKey, _id: { $gt: p.key } },
    ],
  };
}
