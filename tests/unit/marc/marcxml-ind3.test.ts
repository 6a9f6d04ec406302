import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { DataField } from '../../../src/marc/record';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { toMarcXml } from '../../../src/marc/writers/marcxml.writer';
import { collect, recordsOf } from '../../support/collect';

// A DanMARC-shaped record: leader/10 says three indicators, and 001 carries subfields.
const DANMARC_LEADER = '00988nam0a32003011  450 ';

function danmarc(): MarcRecord {
  return new MarcRecord(DANMARC_LEADER, [
    {
      tag: '001',
      ind1: '0',
      ind2: '0',
      ind3: '0',
      subfields: [
        { code: 'a', value: '9 181 423 4' },
        { code: 'b', value: '710100' },
      ],
    },
    { tag: '245', ind1: '0', ind2: '0', ind3: '1', subfields: [{ code: 'a', value: 'Tegnsæt' }] },
  ]);
}

async function readXml(xml: string) {
  return collect(readMarcXml(bytesSource(xml)));
}

function xmlRecord(datafield: string): string {
  return [
    '<record xmlns="http://www.loc.gov/MARC21/slim">',
    `<leader>${DANMARC_LEADER}</leader>`,
    datafield,
    '</record>',
  ].join('');
}

describe('MARCXML third indicator (ind3)', () => {
  test('when a field has ind3, then the writer puts an ind3 attribute after ind2, as yaz does', () => {
    const xml = toMarcXml(danmarc());

    expect(xml).toContain('<datafield tag="001" ind1="0" ind2="0" ind3="0">');
    expect(xml).toContain('<datafield tag="245" ind1="0" ind2="0" ind3="1">');
  });

  test('when a field has no ind3, then the writer writes no ind3 attribute', () => {
    const record = new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'Title' }] },
    ]);

    const xml = toMarcXml(record);

    expect(xml).toContain('<datafield tag="245" ind1="1" ind2="0">');
    expect(xml).not.toContain('ind3');
  });

  test('when a datafield has an ind3 attribute, then the reader keeps it in the model', async () => {
    const xml = xmlRecord(
      '<datafield tag="008" ind1="0" ind2="0" ind3="7"><subfield code="t">m</subfield></datafield>',
    );

    const [item] = recordsOf(await readXml(xml));

    expect(item?.warnings).toEqual([]);
    expect(item?.record.fields).toEqual([
      { tag: '008', ind1: '0', ind2: '0', ind3: '7', subfields: [{ code: 't', value: 'm' }] },
    ]);
  });

  test('when a datafield has no ind3 attribute, then the field has no ind3 property at all', async () => {
    const xml = xmlRecord(
      '<datafield tag="245" ind1="1" ind2="0"><subfield code="a">T</subfield></datafield>',
    );

    const [item] = recordsOf(await readXml(xml));

    const field = item?.record.fields[0] as DataField;
    expect('ind3' in field).toBe(false);
  });

  test('when ind3 is empty or too long, then it is repaired like ind1 and ind2, with a warning', async () => {
    const xml = xmlRecord(
      '<datafield tag="245" ind1="1" ind2="0" ind3=""><subfield code="a">T</subfield></datafield>' +
        '<datafield tag="246" ind1="1" ind2="0" ind3="xy"><subfield code="a">U</subfield></datafield>',
    );

    const [item] = recordsOf(await readXml(xml));

    const fields = item?.record.fields as DataField[];
    expect(fields.map((f) => f.ind3)).toEqual([' ', 'x']);
    expect(item?.warnings.map((w) => w.code)).toEqual(['field_recovered', 'field_recovered']);
    expect(item?.warnings[0]?.message).toContain('empty ind3');
  });

  test('when a three-indicator record is written as MARCXML and read back, then it is unchanged', async () => {
    const record = danmarc();

    const [item] = recordsOf(await readXml(toMarcXml(record)));

    expect(item?.warnings).toEqual([]);
    expect(item?.record).toEqual(record);
  });

  test('when ISO 2709 with leader/10 = 3 goes to MARCXML and back, then every ind3 survives', async () => {
    const [fromIso] = recordsOf(await collect(readIso2709(bytesSource(toIso2709(danmarc())))));

    const [fromXml] = recordsOf(await readXml(toMarcXml(fromIso!.record)));

    expect((fromIso!.record.fields as DataField[]).map((f) => f.ind3)).toEqual(['0', '1']);
    expect(fromXml?.record).toEqual(fromIso!.record);
  });
});
