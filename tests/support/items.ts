import type { Item, ItemLocation } from '../../src/domain/items/item';
import { parseLocation } from '../../src/domain/items/item';
import { detectScheme } from '../../src/domain/items/call-number-scheme';
import { itemCallNumber } from '../../src/domain/items/item-call-number';
import type { ItemStatus } from '../../src/domain/items/item-status';

/** A stored item for tests: `shelfItem('b1', 'QA76.73 .J38')`, in MAIN/STACKS and available unless told. */
export function shelfItem(
  barcode: string,
  callNumber: string | undefined,
  options: { location?: string; status?: ItemStatus; recordId?: string; volume?: string } = {},
): Item {
  const location: ItemLocation = parseLocation(options.location ?? 'MAIN/STACKS')!;
  const status = options.status ?? 'available';
  return {
    barcode,
    recordId: options.recordId ?? `rec-${barcode}`,
    location,
    ...(callNumber !== undefined && {
      callNumber: itemCallNumber({
        value: callNumber,
        scheme: detectScheme(callNumber),
        ...(options.volume && { volume: options.volume }),
      }),
    }),
    itemType: 'book',
    status,
    notForLoan: false,
    publicNotes: [],
    staffNotes: [],
    source: 'import',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    history: [{ to: status, at: '2026-01-01T00:00:00.000Z' }],
  };
}
