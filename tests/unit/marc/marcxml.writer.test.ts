import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { RecordItem } from '../../../src/marc/read-item';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { marcXmlWriter, toMarcXml } from '../../../src/marc/writers/marcxml.writer';
import { escapeXmlAttr, escapeXmlText } from '../../../src/marc/writers/xml-escape';
import { collect } from '../../support/collect';

const LEADER = '00714cam a2200205 a 4500';

function sample(title = 'Summerland /'): MarcRecord {
  return new MarcRecord(LEADER, [
    { tag: '001', value: '12345' },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [
        { code: 'a', value: title },
        { code: 'c', value: 'Michael Chabon.' },
      ],
    },
  ]);
}

function writeCollection(records: MarcRecord[], pretty?: boolean): string {
  const writer = marcXmlWriter({ pretty });
  return writer.begin() + records.map((r) => writer.write(r) as string).join('') + writer.end();
}

async function readBack(xml: string): Promise<MarcRecord[]> {
  const items = await collect(readMarcXml(bytesSource(xml)));
  expect(items.every((i) => i.ok && i.warnings.length === 0)).toBe(true);
  return (items as RecordItem[]).map((i) => i.record);
}

describe('MARCXML writer', () => {
  test('when a collection is written, then it has the declaration, the namespace and yaz-marcdump layout', () => {
    const xml = writeCollection([sample()]);

    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<collection xmlns="http://www.loc.gov/MARC21/slim">',
        '<record>',
        `  <leader>${LEADER}</leader>`,
        '  <controlfield tag="001">12345</controlfield>',
        '  <datafield tag="245" ind1="1" ind2="0">',
        '    <subfield code="a">Summerland /</subfield>',
        '    <subfield code="c">Michael Chabon.</subfield>',
        '  </datafield>',
        '</record>',
        '</collection>',
        '',
      ].join('\n'),
    );
  });

  test('when pretty is off, then each record is one line', () => {
    const xml = writeCollection([sample(), sample()], false);

    const lines = xml.split('\n');

    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^<record><leader>.*<\/datafield><\/record>$/);
  });

  test('when one record is written standalone, then record is the root and carries the namespace', () => {
    expect(toMarcXml(sample())).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<record xmlns="http:\/\/www.loc.gov\/MARC21\/slim">\n {2}<leader>/,
    );
  });

  test('when values hold markup characters, then they are escaped in text and attributes', () => {
    expect(escapeXmlText(`a & b <c> "d" 'e'`)).toBe('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(escapeXmlAttr('&"<')).toBe('&amp;&quot;&lt;');
  });

  test('when values hold characters XML 1.0 forbids, then controls become Control Pictures and lone surrogates U+FFFD', () => {
    expect(escapeXmlText('a\x1fb\x1ec\x1bd\x00')).toBe('a\u241fb\u241ec\u241bd\u2400');
    expect(escapeXmlText('x\uD800y\uDC00z\uFFFE')).toBe('x\uFFFDy\uFFFDz\uFFFD');
  });

  test('when values hold white space a parser would normalise, then it is written as character references', () => {
    expect(escapeXmlText('a\tb\nc\r\nd')).toBe('a\tb\nc&#13;\nd');
    expect(escapeXmlAttr('\t\n\r')).toBe('&#9;&#10;&#13;');
  });

  test('when values hold astral characters, then they pass through unchanged', () => {
    expect(escapeXmlText('𝄞 😀 中')).toBe('𝄞 😀 中');
  });

  test('when records are written and read back, then they are equal, pretty or compact', async () => {
    const tricky = sample(`Tom & Jerry <"1"> 'x' \t tab\nline\r\nCRLF 😀 é  `);
    const records = [sample(), tricky, new MarcRecord(LEADER, [{ tag: 'FMT', value: 'BK' }])];

    expect(await readBack(writeCollection(records))).toEqual(records);
    expect(await readBack(writeCollection(records, false))).toEqual(records);
    expect(await readBack(toMarcXml(tricky))).toEqual([tricky]);
  });

  test('when a value holds a control character, then it reads back as its Control Picture', async () => {
    const records = await readBack(toMarcXml(new MarcRecord(LEADER, [{ tag: '001', value: 'a\x1fb' }])));

    expect(records[0]!.getControl('001')).toBe('a\u241fb');
  });
});
