import { isOnLoan, type Item } from '../domain/items/item';
import { AppError } from '../errors/app-error';
import type { ItemStore } from './port';

/** The reason a deleted record's items are withdrawn with (docs/items.md). */
export const RECORD_DELETED = 'record deleted';

/**
 * The refusal of deleting a record while one of its copies is out on loan: 409 `item_checked_out`
 * over HTTP, a rejected entry in an ingest. Deleting would orphan a loan circulation still tracks.
 */
export function checkedOutRefusal(recordId: string, items: readonly Item[]): AppError | undefined {
  const out = items.filter(isOnLoan);
  if (out.length === 0) return undefined;
  const barcodes = out.map((i) => i.barcode);
  const shown =
    barcodes.slice(0, 5).join(', ') + (barcodes.length > 5 ? ` and ${barcodes.length - 5} more` : '');
  return new AppError(
    'item_checked_out',
    `record ${recordId} has ${out.length === 1 ? 'an item' : `${out.length} items`} checked out (${shown}); check ${out.length === 1 ? 'it' : 'them'} in before deleting the record`,
    { id: recordId, barcodes },
  );
}

/** Refusals by record id for these records about to be deleted; records with none are absent. */
export async function checkedOutRefusals(
  items: Pick<ItemStore, 'forRecords'>,
  recordIds: readonly string[],
): Promise<Map<string, AppError>> {
  const out = new Map<string, AppError>();
  if (recordIds.length === 0) return out;
  for (const [id, list] of await items.forRecords(recordIds)) {
    const refusal = checkedOutRefusal(id, list);
    if (refusal) out.set(id, refusal);
  }
  return out;
}
