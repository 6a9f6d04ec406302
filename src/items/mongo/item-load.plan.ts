import { barcodeKey, type NewItem, type StatusChange } from '../../domain/items/item';
import type { ItemLoadOutcome } from '../port';
import { fieldsDoc, historyDoc, newItemDoc, toItem } from './item-doc.mapper';
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
 * Applies a load's inputs in order to the documents as read (pure: no database), so that a
 * barcode given twice in one load comes out as it would from two loads one after the other, and
 * each changed document is written once. The runner writes conditionally on the versions read;
 * inputs of a document another writer changed meanwhile are planned again on fresh reads.
 */
export function planLoad(
  inputs: readonly NewItem[],
  heads: ReadonlyMap<string, ItemDoc>,
  at: string,
  by: string,
): LoadPlan {
  const current = new Map(heads);
  const touched = new Set<string>();
  const outcomes = inputs.map((input): ItemLoadOutcome => {
    // The outcome names the barcode as this input gave it (trimmed); the item keeps its own.
    const barcode = input.barcode.trim();
    const key = barcodeKey(input.barcode);
    const before = current.get(key);
    const after = before ? reloaded(before, input, at, by) : newItemDoc(input, at, by);
    if (after === before) return { barcode, outcome: 'unchanged', item: toItem(after) };
    current.set(key, after);
    touched.add(key);
    const item = toItem(after);
    if (!before) return { barcode, outcome: 'created', item };
    if (before.recordId !== after.recordId)
      return { barcode, outcome: 'moved', item, fromRecordId: before.recordId };
    return { barcode, outcome: 'updated', item };
  });
  const writes = [...touched].map((key) => {
    const head = heads.get(key);
    return { key, doc: current.get(key)!, ...(head && { expectedVersion: head.version }) };
  });
  return { outcomes, writes };
}

/**
 * A known item as this load leaves it: the load's descriptive fields and record; its status and
 * history kept unless the load gives a different status. The same object when nothing differs.
 */
function reloaded(before: ItemDoc, input: NewItem, at: string, by: string): ItemDoc {
  const fields = { ...fieldsDoc(input), recordId: input.recordId, source: input.source };
  const moves = input.status !== undefined && input.status !== before.status;
  if (!moves && sameFields(before, fields)) return before;
  const { holdingId: _holding, callNumber: _callNumber, ...kept } = before;
  const change: StatusChange | undefined = moves
    ? {
        from: before.status,
        to: input.status!,
        at,
        by,
        ...(input.statusReason !== undefined && { reason: input.statusReason }),
      }
    : undefined;
  return {
    ...kept,
    ...fields,
    ...(change && { status: change.to, history: [...before.history, historyDoc(change)] }),
    version: before.version + 1,
    updatedAt: at,
  };
}

type Fields = ReturnType<typeof fieldsDoc> & Pick<ItemDoc, 'recordId' | 'source'>;

function sameFields(doc: ItemDoc, fields: Fields): boolean {
  // Through toItem, so that what the driver adds or leaves out compares as the domain value.
  const stored: Fields = { ...fieldsDoc(toItem(doc)), recordId: doc.recordId, source: doc.source };
  return canonical(stored) === canonical(fields);
}

/** JSON with object keys sorted: equal values, equal text, whatever order a driver gave the keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
