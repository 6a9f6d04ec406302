import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { ReadItem, RecordItem } from '../../../src/marc/read-item';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { collect, recordsOf } from '../../support/collect';

const SLIM = 'http://www.loc.gov/MARC21/slim';
const LEADER = '00714cam a2200205 a 4500';

function read(xml: string): Promise<ReadItem[]> {
  return collect(readMarcXml(bytesSource(xml)));
}

/** The body of one small record, with element names given a prefix (`marc:`) or none. */
function body(p = '', id = '1'): string {
  return (
    `<${p}leader>${LEADER}</${p}leader>` +
    `<${p}controlfield tag="001">${id}</${p}controlfield>` +
    `<${p}datafield tag="245" ind1="1" ind2="0">` +
    `<${p}subfield code="a">Summerland /</${p}subfield><${p}subfield code="c">Michael Chabon.</${p}subfield>` +
    `</${p}datafield>`
  );
}

function expected(id = '1'): MarcRecord {
  return new MarcRecord(LEADER, [
    { tag: '001', value: id },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [
        { code: 'a', value: 'Summerland /' },
        { code: 'c', value: 'Michael Chabon.' },
      ],
    },
  ]);
}

function only(items: ReadItem[]): RecordItem {
  expect(items).toHaveLength(1);
  expect(items[0]!.ok).toBe(true);
  return items[0] as RecordItem;
}

describe('MARCXML reader: document shapes', () => {
  test('when a collection uses the slim namespace as default, then each record is read in order', async () => {
    const xml = `<?xml version="1.0"?>\n<collection xmlns="${SLIM}"><record>${body('', '1')}</record><record>${body('', '2')}</record></collection>`;

    const items = await read(xml);

    expect(items.map((i) => (i as RecordItem).record)).toEqual([expected('1'), expected('2')]);
    expect(items.map((i) => i.recordNumber)).toEqual([1, 2]);
    expect(items.every((i) => i.ok && i.warnings.length === 0)).toBe(true);
  });

  test.each(['marc', 'mx'])(
    'when elements carry the prefix %s:, then the records read the same',
    async (prefix) => {
      const xml = `<${prefix}:collection xmlns:${prefix}="${SLIM}"><${prefix}:record>${body(`${prefix}:`)}</${prefix}:record></${prefix}:collection>`;

      expect(only(await read(xml)).record).toEqual(expected());
    },
  );

  test('when the document has no namespace at all, then records are recognised by their fields', async () => {
    expect(only(await read(`<collection><record>${body()}</record></collection>`)).record).toEqual(
      expected(),
    );
  });

  test('when records use the MarcXchange namespace, then they are read like MARCXML', async () => {
    const xml = `<mx:collection xmlns:mx="info:lc/xmlns/marcxchange-v2"><mx:record type="Bibliographic">${body('mx:')}</mx:record></mx:collection>`;

    expect(only(await read(xml)).record).toEqual(expected());
  });

  test('when a single record is the root element, then it is read', async () => {
    expect(only(await read(`<record xmlns="${SLIM}">${body()}</record>`)).record).toEqual(expected());
  });

  test('when records sit in an OAI-PMH envelope, then only the MARC records are read, not the OAI records', async () => {
    const oaiRecord = (id: string) =>
      `<record><header><identifier>oai:x:${id}</identifier></header>` +
      `<metadata><marc:record xmlns:marc="${SLIM}">${body('marc:', id)}</marc:record></metadata></record>`;
    const xml = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>${oaiRecord('1')}${oaiRecord('2')}</ListRecords></OAI-PMH>`;

    const items = await read(xml);

    expect(items.map((i) => (i as RecordItem).record)).toEqual([expected('1'), expected('2')]);
    expect(items.map((i) => i.recordNumber)).toEqual([1, 2]);
  });

  test('when an un-namespaced OAI-PMH envelope wraps un-namespaced MARC, then the inner record is found', async () => {
    const xml = `<OAI-PMH><ListRecords><record><header><identifier>oai:x:1</identifier></header><metadata><record>${body()}</record></metadata></record></ListRecords></OAI-PMH>`;

    expect(only(await read(xml)).record).toEqual(expected());
  });

  test('when an un-namespaced record holds only non-MARC elements, then it is not taken for a MARC record', async () => {
    expect(await read('<list><record><title>Not MARC</title></record></list>')).toEqual([]);
  });

  test('when a prefix is used without its namespace declaration, then the record is still read', async () => {
    expect(only(await read(`<marc:record>${body('marc:')}</marc:record>`)).record).toEqual(expected());
  });

  test('when documents are concatenated, then the records of each are read', async () => {
    const doc = (id: string) => `<?xml version="1.0"?>\n<record xmlns="${SLIM}">${body('', id)}</record>\n`;

    const records = recordsOf(await read(doc('1') + doc('2'))).map((i) => i.record);

    expect(records).toEqual([expected('1'), expected('2')]);
  });

  test('when the input is empty, then nothing is yielded', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('  \n')).toEqual([]);
  });
});

describe('MARCXML reader: values', () => {
  test('when values hold surrounding and inner white space, then it is kept as is', async () => {
    const xml = `<record xmlns="${SLIM}"><leader>${LEADER}</leader><controlfield tag="001">  a\n b\t </controlfield></record>`;

    expect(only(await read(xml)).record.getControl('001')).toBe('  a\n b\t ');
  });

  test('when a value is decomposed Unicode, then it is NFC-normalised', async () => {
    const xml = `<record xmlns="${SLIM}"><leader>${LEADER}</leader><datafield tag="100" ind1="1" ind2=" "><subfield code="a">Durö, Rene\u0301</subfield></datafield></record>`;

    expect(only(await read(xml)).record.getSubfield('100', 'a')).toBe('Durö, René');
  });

  test('when values use entities, character references and CDATA, then they are decoded', async () => {
    const sf = (v: string) => `<subfield code="a">${v}</subfield>`;
    const xml = `<record xmlns="${SLIM}"><leader>${LEADER}</leader><datafield tag="500" ind1=" " ind2=" ">${sf('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;')}${sf('&#x263A; &#233;')}${sf('<![CDATA[x < y & z]]>')}</datafield></record>`;

    const field = only(await read(xml)).record.getDataFields('500')[0]!;

    expect(field.subfields.map((s) => s.value)).toEqual([`a & b <c> "d" 'e'`, '☺ é', 'x < y & z']);
  });

  test('when a leader is pretty-printed on its own lines, then the layout white space is not data', async () => {
    const xml = `<record xmlns="${SLIM}"><leader>\n      ${LEADER}\n    </leader></record>`;

    const item = only(await read(xml));

    expect(item.record.leader).toBe(LEADER);
    expect(item.warnings).toEqual([]);
  });
});
