import type { DataField } from '../../src/marc/record';
import type { Kind, SampleEntry } from './samples-data/sample-entry';
import { field, sf } from './samples-fields';

/**
 * The sample catalog's copies, as Koha 952 item fields (docs/items.md): two libraries, MAIN and
 * BRANCH, with stacks, reference, periodicals, maps, music, audio-visual and the bookmobile. Which
 * copies a record gets follows from its kind and its place in the catalog (`ordinal`), never from
 * chance, so the files stay byte-for-byte reproducible. A few copies are in repair, one is
 * withdrawn and one missing, so the demo shows every kind of availability.
 */

/** Ordinals (position in the whole catalog) of books whose first copy is not on the shelf. */
const IN_REPAIR = new Set([3, 41, 118]);
const WITHDRAWN = 57;
const MISSING = 96;
const BOOKMOBILE_EVERY = 9;
const BRANCH_EVERY = 4;

interface Copy {
  library: string;
  shelf: string;
  type: string;
  volume?: string;
  notForLoan?: boolean;
}

function copiesOf(kind: Kind, ordinal: number): Copy[] {
  switch (kind) {
    case 'book': {
      const copies: Copy[] = [{ library: 'MAIN', shelf: 'STACKS', type: 'BOOK' }];
      if (ordinal % BRANCH_EVERY === 1) copies.push({ library: 'BRANCH', shelf: 'STACKS', type: 'BOOK' });
      if (ordinal % BOOKMOBILE_EVERY === 2)
        copies.push({ library: 'MAIN', shelf: 'BOOKMOBILE', type: 'BOOK' });
      return copies;
    }
    case 'atlas':
      return [{ library: 'MAIN', shelf: 'REFERENCE', type: 'REF', notForLoan: true }];
    case 'map':
      return [{ library: 'MAIN', shelf: 'MAPS', type: 'MAP', notForLoan: true }];
    case 'score':
      return [{ library: 'MAIN', shelf: 'MUSIC', type: 'SCORE' }];
    case 'music':
    case 'spoken':
      return [{ library: 'MAIN', shelf: 'MEDIA', type: 'DISC', notForLoan: true }];
    case 'software':
      return [{ library: 'MAIN', shelf: 'MEDIA', type: 'DVD' }];
    case 'serial':
    case 'newspaper':
      return ['v.1', 'v.2'].map((volume) => ({
        library: 'MAIN',
        shelf: 'PERIODICALS',
        type: 'SERIAL',
        volume,
        notForLoan: true,
      }));
    default:
      // Online databases and websites have links, not copies.
      return [];
  }
}

/** The 952 fields of one record: barcodes `3` + the control number's digits + copy number. */
export function itemFields(
  entry: SampleEntry,
  kind: Kind,
  controlNumber: string,
  ordinal: number,
): DataField[] {
  const callNumber = entry.lc?.replace('|', ' ');
  if (!callNumber) return [];
  return copiesOf(kind, ordinal).map((copy, i) => {
    const subfields = [
      sf('a', copy.library),
      sf('b', copy.library),
      sf('c', copy.shelf),
      sf('o', callNumber),
      sf('2', 'lcc'),
      sf('p', `3${controlNumber.slice(3)}${String(i + 1).padStart(2, '0')}`),
      sf('t', String(i + 1)),
      sf('y', copy.type),
    ];
    if (copy.volume) subfields.push(sf('h', copy.volume));
    if (copy.notForLoan) subfields.push(sf('7', '1'));
    if (i === 0 && kind === 'book') {
      // Koha's codes: $4 damaged, $0 withdrawn, $1 lost (4 = missing).
      if (IN_REPAIR.has(ordinal)) subfields.push(sf('4', '1'), sf('x', 'Spine torn; sent to the bindery.'));
      if (ordinal === WITHDRAWN) subfields.push(sf('0', '1'), sf('x', 'Replaced by a newer edition.'));
      if (ordinal === MISSING) subfields.push(sf('1', '4'));
    }
    return field('952', ' ', ' ', subfields);
  });
}
