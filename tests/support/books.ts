import { MarcRecord } from '../../src/marc/record';

/**
 * A few hand-made bibliographic records for tests that must run without the shared corpus:
 * diacritics that need NFC, a non-Latin 880, repeated subfields, a local tag.
 */
export function sampleBooks(): MarcRecord[] {
  return [
    new MarcRecord('00000cam a2200000 a 4500', [
      { tag: '001', value: 'stk000001' },
      { tag: '003', value: 'StK' },
      { tag: '008', value: '200101s1869    ru            000 1 rus d' },
      {
        tag: '020',
        ind1: ' ',
        ind2: ' ',
        subfields: [
          { code: 'a', value: '9780140447934' },
          { code: 'q', value: 'paperback' },
        ],
      },
      {
        tag: '100',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: '6', value: '880-01' },
          { code: 'a', value: 'Tolstoy, Leo,' },
          { code: 'd', value: '1828-1910.' },
        ],
      },
      {
        tag: '245',
        ind1: '1',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'War and peace /' },
          { code: 'c', value: 'Leo Tolstoy.' },
        ],
      },
      {
        tag: '880',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: '6', value: '100-01/(N' },
          { code: 'a', value: 'Толстой, Лев,' },
        ],
      },
      {
        tag: '650',
        ind1: ' ',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'Napoleonic Wars, 1800-1815' },
          { code: 'z', value: 'Russia' },
          { code: 'v', value: 'Fiction.' },
        ],
      },
    ]),
    new MarcRecord('00000nam a2200000 i 4500', [
      { tag: '001', value: 'stk000002' },
      { tag: '008', value: '200101s1913    fr            000 1 fre d' },
      {
        tag: '100',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: 'a', value: 'Proust, Marcel,' },
          { code: 'd', value: '1871-1922.' },
        ],
      },
      {
        tag: '245',
        ind1: '1',
        ind2: '3',
        subfields: [
          { code: 'a', value: 'Du côté de chez Swann /' },
          { code: 'c', value: 'Marcel Proust.' },
        ],
      },
      {
        tag: '264',
        ind1: ' ',
        ind2: '1',
        subfields: [
          { code: 'a', value: 'Paris :' },
          { code: 'b', value: 'Grasset,' },
          { code: 'c', value: '1913.' },
        ],
      },
      {
        tag: '500',
        ind1: ' ',
        ind2: ' ',
        subfields: [{ code: 'a', value: 'Prix: $4.50 {first edition} \\ back-slash.' }],
      },
      { tag: '999', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'local' }] },
    ]),
    new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '001', value: 'stk000003' },
      { tag: '100', ind1: '0', ind2: ' ', subfields: [{ code: 'a', value: 'Æsop.' }] },
      {
        tag: '245',
        ind1: '1',
        ind2: '0',
        subfields: [{ code: 'a', value: 'Fables of Æsop; Straße nach Łódź' }],
      },
    ]),
  ];
}
