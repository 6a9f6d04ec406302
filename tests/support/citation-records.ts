import type { Backends } from '../../src/backends/backends';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { MarcRecord, type DataField } from '../../src/marc/record';

export const CYRILLIC_ID = 'cite-ru-1';

export const field = (tag: string, ind: string, ...pairs: [string, string][]): DataField => ({
  tag,
  ind1: ind[0] ?? ' ',
  ind2: ind[1] ?? ' ',
  subfields: pairs.map(([code, value]) => ({ code, value })),
});

/**
 * A record catalogued in Cyrillic itself (245 and 264, not 880s), as Russian libraries do, with a
 * publisher whose `&` BibTeX must escape: the citation suites' test of UTF-8 and of TeX.
 */
export function cyrillicRecord(): MarcRecord {
  return new MarcRecord('00000nam a2200000 i 4500', [
    { tag: '001', value: CYRILLIC_ID },
    { tag: '008', value: '200101s2015    ru            000 1 rus d' },
    field('020', '  ', ['a', '978-5-699-12014-7']),
    field('100', '1 ', ['a', 'Толстой, Лев Николаевич,'], ['d', '1828-1910,'], ['e', 'author.']),
    field('245', '10', ['a', 'Война и мир :'], ['b', 'роман /'], ['c', 'Лев Толстой.']),
    field('250', '  ', ['a', 'Второе издание.']),
    field('264', ' 1', ['a', 'Москва :'], ['b', 'Эксмо & Ко,'], ['c', '2015.']),
    field('490', '0 ', ['a', 'Русская классика ;'], ['v', '7']),
  ]);
}

/** Records mapped and written to store and index as the ingest writes them. */
export async function addRecords(backends: Backends, records: MarcRecord[]): Promise<void> {
  const map = createDefaultMapper();
  const inputs = records.map((record) => ({ record, document: map(record) }));
  await backends.atomically(async () => {
    const outcomes = await backends.store.upsertMany(inputs);
    await backends.index.upsert(inputs.map((i) => i.document));
    await backends.store.markIndexed(outcomes.map((o) => ({ id: o.id, version: o.version })));
  });
}
