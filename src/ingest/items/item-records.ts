import { normalizeIsbn } from '../../domain/identifiers';
import type { RecordStore } from '../../store/port';
import type { RecordRef } from './item-row';

/**
 * The records spreadsheet rows name, for each reference: by id, or by control number or ISBN
 * through the store's identifier look-ups (one query per kind), normalised as `GET /lookup`
 * normalises them. Two ids for one reference make the row ambiguous; the import decides.
 */
export async function findRecords(
  refs: readonly RecordRef[],
  store: Pick<RecordStore, 'findIds'>,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const kind of ['id', 'controlNumber', 'isbn'] as const) {
    const ofKind = refs.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    const formsOf = new Map(ofKind.map((r) => [r.value, lookupForms(r)]));
    const ids = await store.findIds(kind, [...new Set([...formsOf.values()].flat())]);
    for (const [value, forms] of formsOf) {
      found.set(refKey({ kind, value }), [...new Set(forms.flatMap((f) => ids.get(f) ?? []))].sort());
    }
  }
  return found;
}

/** As the lookup service normalises: ISBN-10 and -13 find each other; invalid ones by their digits. */
function lookupForms(ref: RecordRef): string[] {
  if (ref.kind !== 'isbn') return [ref.value];
  const isbn = normalizeIsbn(ref.value);
  const forms = [isbn.isbn13, isbn.isbn10].filter((f): f is string => Boolean(f));
  return forms.length > 0 ? forms : [ref.value.replace(/[^0-9Xx]/g, '').toUpperCase()];
}

export function refKey(ref: RecordRef): string {
  return `${ref.kind}\u0000${ref.value}`;
}

export function describeRef(ref: RecordRef): string {
  return `${ref.kind === 'id' ? 'record' : ref.kind} ${ref.value}`;
}
