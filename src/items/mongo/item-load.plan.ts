import { barcodeKey, type Item, type NewItem } from '../../domain/items/item';
import { createdItem, loadedItem } from '../item-changes';
import type { ItemLoadOutcome } from '../port';
import { itemDoc } from './item-doc.mapper';
import type { ItemDoc } from './item.schema';

/** One document to write: the whole of it, and the version it must still be at (none: insert). */
export interface PlannedItemWrite {
  key: string;
  doc: ItemDoc;
  expectedVersion?: number;
}

export interface LoadPlan {
  /** One per input, in input order. */
  outcomes: ItemLoadOutcome[];
  /** At most one per barcode key: its final document after every input that touched it. */
  writes: PlannedItemWrite[];
}

/**
 * Applies a load's inputs in order to the items as read (pure: no database), with the rules every
 * backend shares (item-changes.ts), so that a barcode given twice in one load comes out as from
 * two loads one after the other, and each changed item is written once. The runner writes
 * conditionally on the versions read; the inputs of an item another writer created or changed
 * meanwhile are planned again on fresh reads.
 */
export function planLoad(
  inputs: readonly NewItem[],
  heads: ReadonlyMap<string, Item>,
  at: string,
  by: string,
): LoadPlan {
  const current = new Map(heads);
  const touched = new Set<string>();
  const outcomes = inputs.map((input): ItemLoadOutcome => {
    const key = barcodeKey(input.barcode);
    const before = current.get(key);
    const outcome: ItemLoadOutcome = before
      ? loadedItem(before, input, at, by)
      : { barcode: input.barcode.trim(), outcome: 'created', item: createdItem(input, at, by) };
    if (outcome.outcome !== 'unchanged') {
      current.set(key, outcome.item);
      touched.add(key);
    }
    return outcome;
  });
  const writes = [...touched].map((key) => {
    const head = heads.get(key);
    return { key, doc: itemDoc(current.get(key)!), ...(head && { expectedVersion: head.version }) };
  });
  return { outcomes, writes };
}
