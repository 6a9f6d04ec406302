import { displayCallNumber } from '../domain/items/availability';
import type { Item } from '../domain/items/item';
import type { DataField, MarcRecord } from '../marc/record';

// Shared by SRU's MARCXML record schema and exports with their copies (moved here from
// interop/sru/record-schemas.ts so that neither protocol imports the other).

/**
 * The record with its copies as 852 fields ($b library, $c shelving location, $h call number,
 * $p barcode, $z public notes and, in a last $z, whether the copy is on the shelf). Copies that
 * came from the record's own 852s are described there already and are not repeated.
 */
export function withHoldings(record: MarcRecord, items: readonly Item[]): MarcRecord {
  const extra = items.filter((i) => i.source !== '852' && i.status !== 'withdrawn');
  if (extra.length === 0) return record;
  const copy = record.clone();
  for (const item of extra) copy.addField(holdingField(item));
  return copy;
}

function holdingField(item: Item): DataField {
  const subfields = [
    { code: 'b', value: item.location.library },
    { code: 'c', value: item.location.shelf },
  ];
  const callNumber = displayCallNumber(item);
  if (callNumber) subfields.push({ code: 'h', value: callNumber });
  subfields.push({ code: 'p', value: item.barcode });
  for (const note of item.publicNotes) subfields.push({ code: 'z', value: note });
  subfields.push({ code: 'z', value: `Status: ${item.status}` });
  return { tag: '852', ind1: ' ', ind2: ' ', subfields };
}
