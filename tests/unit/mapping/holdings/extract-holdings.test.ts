import { createDefaultMapper } from '../../../../src/ingest/default-mapper';
import { itemShelfKey } from '../../../../src/domain/items/item-call-number';
import { createMapper } from '../../../../src/mapping/mapper';
import { isHoldingsRecord } from '../../../../src/mapping/holdings/holdings-extractor';
import { defaultProfile } from '../../../../ingest/profile/default.profile';
import { mrk } from '../mrk-record';

const holdings = createDefaultMapper().holdings!;

describe('holdings from embedded fields (default profile)', () => {
  test('when a record has no holdings fields, then it gets no holdings, items or problems', () => {
    const out = holdings.forRecord(mrk('=001  1\n=245  10$aA title.'), 'r1');
    expect(out).toEqual({ holdings: [], items: [], problems: [] });
  });

  test('when an 852 has an LC call number and a barcode, then it is a holding and its one item', () => {
    const out = holdings.forRecord(
      mrk(
        '=852  0\\$aMiU$bhatch$cref$kREF$hQA76.73.J38$iS53 2005$mv.2$tc.1$p39015001$zLibrary use only$xchecked 2024',
      ),
      'r1',
    );
    expect(out.problems).toEqual([]);
    expect(out.holdings).toHaveLength(1);
    const h = out.holdings[0]!;
    expect(h).toMatchObject({
      id: 'r1#852-1',
      recordId: 'r1',
      location: { library: 'HATCH', shelf: 'REF' },
      callNumber: { value: 'QA76.73.J38 S53 2005', scheme: 'lc', prefix: 'REF', volume: 'v.2', copy: 'c.1' },
      publicNotes: ['Library use only'],
      staffNotes: ['checked 2024'],
      source: '852',
    });
    expect(out.items).toEqual([
      expect.objectContaining({
        barcode: '39015001',
        recordId: 'r1',
        holdingId: 'r1#852-1',
        location: { library: 'HATCH', shelf: 'REF' },
        itemType: 'book',
        notForLoan: false,
        source: '852',
      }),
    ]);
    expect(out.items[0]!.callNumber!.shelfKey).toBe(h.callNumber!.shelfKey);
  });

  test('when an 852 has no barcode, then it is a holding without items and a problem says so', () => {
    const out = holdings.forRecord(mrk('=852  1\\$aMAIN$h813.54$iK58'), 'r1');
    expect(out.holdings[0]).toMatchObject({
      location: { library: 'MAIN', shelf: 'STACKS' },
      callNumber: { scheme: 'dewey', value: '813.54 K58' },
    });
    expect(out.items).toEqual([]);
    expect(out.problems).toEqual([
      {
        code: 'holding_without_barcode',
        message: '852 #1 (MAIN/STACKS 813.54 K58) has no barcode ($p): kept as a holding without items',
      },
    ]);
  });

  test('when 852 ind1 is neither 0 nor 1, then the scheme is other', () => {
    const out = holdings.forRecord(mrk('=852  8\\$bc-Music$hElectronic resource$p1'), 'r1');
    expect(out.items[0]!.callNumber).toMatchObject({ scheme: 'other', value: 'Electronic resource' });
    expect(out.items[0]!.location).toEqual({ library: 'C-MUSIC', shelf: 'STACKS' });
  });

  test('when 876 fields follow an 852, then each is an item of that holding, linked by $8 first', () => {
    const out = holdings.forRecord(
      mrk(`=852  00$81$bsml$hPT2625 A55$iZ54713
=852  00$82$bsml$hPT2625 A55$iZ645 1975
=876  \\\\$82$31 piece$a21781$hcirc$p39002004032000$t1
=876  \\\\$81$a7145700$hnocirc$t2$jmissing$p3900200403
=877  \\\\$p390020099$3v.10$jon loan to mars`),
      'r1',
    );
    expect(out.holdings.map((h) => h.id)).toEqual(['r1#852-1', 'r1#852-2']);
    expect(out.items.map((i) => [i.barcode, i.holdingId, i.status, i.notForLoan])).toEqual([
      ['39002004032000', 'r1#852-2', undefined, false],
      ['3900200403', 'r1#852-1', 'missing', true],
      ['390020099', 'r1#852-2', 'available', false],
    ]);
    expect(out.items[1]!.callNumber).toMatchObject({ value: 'PT2625 A55 Z54713', copy: '2' });
    expect(out.items[2]!.callNumber!.volume).toBe('v.10');
    expect(out.problems).toEqual([
      {
        code: 'item_unknown_status',
        message:
          '877 #1: status "on loan to mars" is not in the profile\'s statusValues: loaded as available',
      },
    ]);
  });

  test('when Koha 952 fields carry flags, then withdrawn, lost, damaged and not-for-loan are read', () => {
    const out = holdings.forRecord(
      mrk(`=952  \\\\$aMAIN$bBRANCH$cREF$oQA76.9 .D3$pB1$t1$yBK$hv.2$7 1$zAsk at desk
=952  \\\\$aMAIN$ccirc$o823.914 ROW$pB2$01$21ddc
=952  \\\\$aEAST$pB3$11
=952  \\\\$aEAST$pB4$41$00
=952  \\\\$aEAST$oFIC KING
=952  \\\\$aEAST$pB5$14`),
      'r9',
    );
    expect(
      out.items.map((i) => [i.barcode, i.status, i.notForLoan, `${i.location.library}/${i.location.shelf}`]),
    ).toEqual([
      ['B1', undefined, true, 'MAIN/REF'],
      ['B2', 'withdrawn', false, 'MAIN/CIRC'],
      ['B3', 'lost', false, 'EAST/STACKS'],
      ['B4', 'in-repair', false, 'EAST/STACKS'],
      ['B5', 'missing', false, 'EAST/STACKS'],
    ]);
    expect(out.items[0]).toMatchObject({ itemType: 'bk', source: '952', publicNotes: ['Ask at desk'] });
    expect(out.items[0]!.callNumber).toMatchObject({ scheme: 'lc', volume: 'v.2', copy: '1' });
    expect(out.items[0]!.holdingId).toBeUndefined();
    expect(out.items[1]!.statusReason).toBe('withdrawn in the holdings (952 $0 1)');
    expect(out.items[1]!.callNumber!.scheme).toBe('dewey');
    expect(out.holdings).toEqual([]);
    expect(out.problems).toEqual([
      { code: 'item_without_barcode', message: '952 #5 has no barcode ($p): no item made from it' },
    ]);
  });

  test('when a 949 is in the SirsiDynix layout, then $i is the barcode and $m/$l the location', () => {
    const out = holdings.forRecord(
      mrk('=949  \\\\$aMT 330 L35 1978$wLC$i30007007462202$rY$tMUSICSCORE$lHUNT-CIRC$mHUNTINGTON$xSCORE'),
      'r1',
    );
    expect(out.items).toEqual([
      expect.objectContaining({
        barcode: '30007007462202',
        location: { library: 'HUNTINGTON', shelf: 'HUNT-CIRC' },
        itemType: 'musicscore',
        callNumber: expect.objectContaining({ value: 'MT 330 L35 1978', scheme: 'lc' }),
        source: '949',
      }),
    ]);
  });
});

describe('holdings records (MFHD)', () => {
  test('when leader/06 is u, v, x or y, then the record is a holdings record', () => {
    for (const t of 'uvxy') expect(isHoldingsRecord({ leader: `00000n${t}  a2200000 a 4500` })).toBe(true);
    expect(isHoldingsRecord({ leader: '00000nam a2200000 a 4500' })).toBe(false);
  });

  test('when an MFHD has 004, then its 852 is the holding mfhd:<001> linked to it, items waiting', () => {
    const out = holdings.forHoldingsRecord(
      mrk(`=LDR  00231cx  a22001094  4500
=001  377337
=004  370636
=852  0\\$bref$kRef$hBV173$i.N8614 1992$t1$p3333`),
    );
    expect(out).toMatchObject({ controlNumber: '377337', linksTo: '370636' });
    expect(out.holdings).toEqual([
      expect.objectContaining({ id: 'mfhd:377337', linksTo: '370636', source: 'mfhd' }),
    ]);
    expect(out.holdings[0]!.recordId).toBeUndefined();
    expect(out.items).toEqual([
      expect.objectContaining({ barcode: '3333', recordId: '', holdingId: 'mfhd:377337', source: 'mfhd' }),
    ]);
  });

  test('when an MFHD has no 004 but a 014, then 014 $a links it; with neither it is refused', () => {
    expect(
      holdings.forHoldingsRecord(mrk('=LDR  00000nx  a2200000 a 4500\n=001  9\n=014  1\\$a555')).linksTo,
    ).toBe('555');
    expect(holdings.forHoldingsRecord(mrk('=LDR  00000nx  a2200000 a 4500\n=001  9')).refusal).toMatch(
      /^holdings_record_unlinkable: .*004/,
    );
  });
});

describe('item shelf keys', () => {
  const key = (value: string, volume?: string, copy?: string) =>
    itemShelfKey({ value, scheme: 'lc', ...(volume && { volume }), ...(copy && { copy }) });

  test('when volumes and copies differ, then they file by number: v.2 < v.10, c.2 < c.10', () => {
    const keys = [
      key('QA76', 'v.10'),
      key('QA76', 'v.2', 'c.10'),
      key('QA76', 'v.2', 'c.2'),
      key('QA76'),
      key('QA76 .A1'),
    ];
    expect([...keys].sort()).toEqual([
      key('QA76'),
      key('QA76', 'v.2', 'c.2'),
      key('QA76', 'v.2', 'c.10'),
      key('QA76', 'v.10'),
      key('QA76 .A1'),
    ]);
  });

  test('when the scheme is other, then the key is its tokens with numbers by value', () => {
    const a = itemShelfKey({ value: 'Microfilm 12', scheme: 'other' });
    const b = itemShelfKey({ value: 'microfilm  100', scheme: 'other' });
    expect(a < b).toBe(true);
    expect(a.startsWith('O MICROFILM')).toBe(true);
  });
});

describe('holdings rules are checked when the profile compiles', () => {
  const withField = (field: Record<string, unknown>) => () =>
    createMapper({ name: 'local', rules: defaultProfile.rules, holdings: { fields: [field as never] } });

  test.each([
    [
      { name: 'mine', tag: '949', kind: 'item', subfields: { barcod: 'b' } },
      /holdings rule "mine": unknown role "barcod"/,
    ],
    [
      { tag: '999', kind: 'item', subfields: { barcode: 'b' } },
      /holdings rule "999 holdings #1": .*needs "source"/,
    ],
    [{ tag: '852', kind: 'shelf', subfields: {} }, /"kind" must be one of holding, item, holdingItem/],
    [
      { tag: '876', kind: 'holdingItem', subfields: { status: 'j' }, statusValues: { out: 'checked-out' } },
      /cannot set checked-out/,
    ],
    [
      { tag: '852', kind: 'holding', subfields: { barcode: '$p' } },
      /subfield codes must be letters or digits/,
    ],
  ])('when a rule is %j, then the profile is refused naming it', (field, message) => {
    expect(withField(field)).toThrow(message);
  });
});
