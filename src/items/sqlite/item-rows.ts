import { barcodeKey, type Holding, type Item } from '../../domain/items/item';
import { AppError } from '../../errors/app-error';
import { boundedValue, excerpt } from '../../errors/excerpt';
import { dueKey } from '../loan-order';

/** An items row: the item as JSON, and the columns it is found and ordered by (schema.ts). */
export interface ItemRow {
  barcode_key: string;
  record_id: string;
  library: string;
  shelf: string;
  shelf_key: string;
  status: string;
  item_type: string;
  version: number;
  item: string;
}

export interface HoldingRow {
  id: string;
  record_id: string | null;
  links_to: string | null;
  source: string;
  holding: string;
}

/** The one place the columns are derived from an item, so they always say what its JSON says. */
export function itemRow(item: Item): ItemRow {
  const [barcode_key, record_id, library, shelf, shelf_key, status, item_type, version, json] =
    itemValues(item);
  return { barcode_key, record_id, library, shelf, shelf_key, status, item_type, version, item: json };
}

/**
 * An item's row as values in the column order of item-queries.ts's ROW: what the positional insert
 * binds (a load inserts thousands, and binding by name costs more), and what itemRow names.
 */
export function itemValues(item: Item): ItemValues {
  return [
    barcodeKey(item.barcode),
    item.recordId,
    item.location.library,
    item.location.shelf,
    // '' files before every key: items without a call number come first in a location.
    item.callNumber?.shelfKey ?? '',
    item.status,
    item.itemType,
    item.version,
    JSON.stringify(item),
  ];
}

type ItemValues = [string, string, string, string, string, string, string, number, string];

/** The open loan's columns (schema.ts, version 3): NULL on an item not on loan. */
export interface LoanColumns {
  loan_patron: string | null;
  loan_due: string | null;
  loan_library: string | null;
}

/**
 * Apart from itemValues: a load's positional insert leaves them NULL (a new item is never on
 * loan), so ingest binds nothing more; every replace writes them from the item it stores.
 */
export function loanColumns(item: Pick<Item, 'loan'>): LoanColumns {
  const { loan } = item;
  if (!loan) return { loan_patron: null, loan_due: null, loan_library: null };
  return { loan_patron: loan.patronId ?? null, loan_due: dueKey(loan.dueAt), loan_library: loan.library };
}

export function itemOf(row: Pick<ItemRow, 'item'>): Item {
  return JSON.parse(row.item) as Item;
}

export function holdingRow(holding: Holding): HoldingRow {
  return {
    id: holding.id,
    record_id: holding.recordId ?? null,
    links_to: holding.linksTo ?? null,
    source: holding.source,
    holding: JSON.stringify(holding),
  };
}

export function holdingOf(row: Pick<HoldingRow, 'holding'>): Holding {
  return JSON.parse(row.holding) as Holding;
}

/** Where a list page ended: the sort key of its last item. */
export type ListPosition = [library: string, shelf: string, shelfKey: string, barcodeKey: string];

export function positionOf(row: ItemRow): ListPosition {
  return [row.library, row.shelf, row.shelf_key, row.barcode_key];
}

/** Opaque to callers; base64url so it travels in a query string as it is. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 4 && parsed.every((p) => typeof p === 'string'))
    return parsed as ListPosition;
  // The same message and details as the MongoDB store's, whose cursors look otherwise.
  throw new AppError('invalid_parameter', `${excerpt(cursor)} is not an item list cursor`, {
    cursor: boundedValue(cursor),
  });
}
