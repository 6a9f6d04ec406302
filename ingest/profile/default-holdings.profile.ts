import type { HoldingsProfile } from '../../src/mapping/holdings/holdings-profile';

/**
 * Where the default profile finds holdings and items, and which subfield is which: MARC 21 852 and
 * 876–878 (in bibliographic and holdings records), Koha's 952, and a 949 laid out as SirsiDynix and
 * Evergreen exports write it (the field varies by vendor: a local profile replaces this rule, see
 * local-fields.profile.json). docs/items.md, "Where items come from", has the tables.
 */
export const defaultHoldings: HoldingsProfile = {
  defaults: { library: 'MAIN', shelf: 'STACKS', itemType: 'book' },
  fields: [
    {
      name: '852 location and call number',
      tag: '852',
      kind: 'holding',
      // $b (sublocation: the branch or collection) names the library; $a (the institution) when absent.
      subfields: {
        library: 'ba',
        shelf: 'c',
        callNumber: 'h',
        itemPart: 'i',
        prefix: 'k',
        volume: 'm',
        copy: 't',
        barcode: 'p',
        publicNote: 'z',
        staffNote: 'x',
      },
      scheme: { from: 'ind1', values: { '0': 'lc', '1': 'dewey' }, otherwise: 'other' },
    },
    ...['876', '877', '878'].map((tag) => ({
      name: `${tag} item information`,
      tag,
      kind: 'holdingItem' as const,
      subfields: {
        barcode: 'p',
        copy: 't',
        status: 'j',
        useRestriction: 'h',
        volume: '3',
        publicNote: 'z',
        staffNote: 'x',
      },
      statusValues: {
        available: 'available' as const,
        missing: 'missing' as const,
        lost: 'lost' as const,
        withdrawn: 'withdrawn' as const,
        damaged: 'in-repair' as const,
        'in repair': 'in-repair' as const,
        'in transit': 'in-transit' as const,
        'on order': 'on-order' as const,
        'in process': 'in-processing' as const,
        'in processing': 'in-processing' as const,
      },
      notForLoanValues: ['nocirc', 'non-circulating', 'not for loan', 'library use only', 'reference'],
    })),
    {
      name: '952 Koha item',
      tag: '952',
      kind: 'item',
      subfields: {
        library: 'ab',
        shelf: 'c',
        callNumber: 'o',
        scheme: '2',
        barcode: 'p',
        copy: 't',
        itemType: 'y',
        volume: 'h',
        withdrawn: '0',
        lost: '1',
        damaged: '4',
        notForLoan: '7',
        publicNote: 'z',
        staffNote: 'x',
      },
      scheme: { from: 'subfield', values: { lcc: 'lc', ddc: 'dewey' }, otherwise: 'guess' },
      // Koha's LOST values: 1 lost, 2 long overdue, 3 lost and paid for, 4 missing.
      lostValues: { '4': 'missing' },
    },
    {
      name: '949 item (SirsiDynix/Evergreen layout)',
      tag: '949',
      kind: 'item',
      subfields: {
        callNumber: 'a',
        scheme: 'w',
        barcode: 'i',
        library: 'm',
        shelf: 'l',
        itemType: 't',
        copy: 'c',
        publicNote: 'z',
      },
      scheme: {
        from: 'subfield',
        values: { lc: 'lc', lcc: 'lc', dewey: 'dewey', ddc: 'dewey', asis: 'other' },
        otherwise: 'guess',
      },
    },
  ],
};
