import { emptyDocument, type CatalogDocument } from '../../src/domain/catalog-document';
import { MarcRecord } from '../../src/marc/record';
import type { RecordInput } from '../../src/store/port';

/** An empty document with the id set: the store cares about ids and identifiers, not the rest. */
export function blankDocument(id: string, extra: Partial<CatalogDocument> = {}): CatalogDocument {
  return { ...emptyDocument(), id, recordType: 'a', bibLevel: 'm', ...extra };
}

/** A record input whose MARC carries the title, so a new title is new content. */
export function input(id: string, title: string, extra: Partial<CatalogDocument> = {}): RecordInput {
  const record = new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: id },
    { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: title }] },
    {
      tag: '880',
      ind1: '1',
      ind2: ' ',
      subfields: [
        { code: '6', value: '245-01' },
        { code: 'a', value: 'Война и мир — 戦争と平和' },
      ],
    },
  ]);
  return { record, document: blankDocument(id, { controlNumber: id, title, ...extra }) };
}
