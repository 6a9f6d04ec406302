import { MarcRecord } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';

const WORDS = [
  'war',
  'peace',
  'river',
  'garden',
  'łódź',
  'straße',
  'æsop',
  'night',
  'stone',
  'house',
  'letters',
  'history',
  'music',
  'sea',
  'winter',
];
const NAMES = [
  'Tolstoy, Leo',
  'Austen, Jane',
  'Proust, Marcel',
  'Twain, Mark',
  'Brontë, Charlotte',
  'Dostoyevsky, Fyodor',
];

/** A deterministic synthetic bibliographic record; n picks its words, names and call number. */
export function syntheticRecord(n: number): MarcRecord {
  const w = (k: number) => WORDS[(n * 7 + k * 13) % WORDS.length]!;
  return new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: `syn${String(n).padStart(7, '0')}` },
    { tag: '008', value: `200101s${1800 + (n % 220)}    xxu           000 1 eng d` },
    {
      tag: '050',
      ind1: '0',
      ind2: '0',
      subfields: [
        { code: 'a', value: `PS${1000 + (n % 3000)}` },
        { code: 'b', value: `.A${n % 97} ${1900 + (n % 120)}` },
      ],
    },
    { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: `${NAMES[n % NAMES.length]!},` }] },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [
        { code: 'a', value: `The ${w(1)} of ${w(2)} ${n} /` },
        { code: 'c', value: 'by someone.' },
      ],
    },
    {
      tag: '650',
      ind1: ' ',
      ind2: '0',
      subfields: [
        { code: 'a', value: `${w(3)} ${w(4)}` },
        { code: 'v', value: 'Fiction.' },
      ],
    },
  ]);
}

export function syntheticFile(count: number, from = 1): Buffer {
  const parts: Buffer[] = [];
  for (let n = from; n < from + count; n++) parts.push(toIso2709(syntheticRecord(n)));
  return Buffer.concat(parts);
}
