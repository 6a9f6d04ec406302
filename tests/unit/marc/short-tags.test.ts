import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import { bytesSource } from '../../../src/marc/source';
import { collect } from '../../support/collect';

describe('short numeric tags in MARCXML', () => {
  test('when a tag has one or two digits, then it is zero-padded with a warning (as ruby-marc reads it)', async () => {
    const xml =
      '<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="1">c1</controlfield>' +
      '<datafield tag="42" ind1=" " ind2=" "><subfield code="a">x</subfield></datafield></record>';

    const [item] = await collect(readMarcXml(bytesSource(xml)));

    expect(item?.ok && item.record.fields.map((f) => f.tag)).toEqual(['001', '042']);
    expect(item?.ok && item.warnings.map((w) => w.message)).toEqual([
      'tag "1" read as 001',
      'tag "42" read as 042',
    ]);
  });
});
