import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { ErrorItem, ReadItem, RecordItem } from '../../../src/marc/read-item';
import { bytesSource } from '../../../src/marc/source';
import { chunked, collect } from '../../support/collect';

const SLIM = 'http://www.loc.gov/MARC21/slim';
const LEADER = '00714cam a2200205 a 4500';

function rec(id: string, title: string): string {
  return (
    // CR LF right after a tag name shifts where the parser stands; offsets must not move.
    `<marc:record${id === '2' ? '\r\n' : ''}>\r\n  <marc:leader>${LEADER}</marc:leader>\n  <marc:controlfield tag="001">${id}</marc:controlfield>` +
    `<marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">${title}</marc:subfield></marc:datafield></marc:record>\n`
  );
}

// Two-, three- and four-byte UTF-8 characters, in values and before record start tags.
const DOC = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>\n<!-- é中😀 -->\n<marc:collection xmlns:marc="${SLIM}">\n` +
    rec('1', 'Durö 中文 😀') +
    rec('2', 'Ñandú &amp; 𝄞') +
    rec('3', 'plain') +
    '</marc:collection>\n',
  'utf8',
);

function plain(items: ReadItem[]): unknown[] {
  return items.map((i) =>
    i.ok ? { n: i.recordNumber, at: i.byteOffset, record: i.record, w: i.warnings } : i,
  );
}

describe('MARCXML reader: streaming', () => {
  test('when records follow multi-byte text, then byteOffset is the byte offset of each start tag', async () => {
    const items = (await collect(readMarcXml(bytesSource(DOC)))) as RecordItem[];

    const starts = items.map((i) => DOC.subarray(i.byteOffset, i.byteOffset + 12).toString('utf8'));

    expect(items).toHaveLength(3);
    expect(starts).toEqual(['<marc:record', '<marc:record', '<marc:record']);
    expect(items[0]!.byteOffset).toBe(DOC.indexOf('<marc:record'));
  });

  test('when the document is split at every byte offset, then every split reads identically', async () => {
    const whole = plain(await collect(readMarcXml(bytesSource(DOC))));

    for (let cut = 1; cut < DOC.length; cut++) {
      const split = plain(await collect(readMarcXml(chunked(DOC, cut, DOC.length))));
      if (JSON.stringify(split) !== JSON.stringify(whole))
        throw new Error(`split at byte ${cut} reads differently`);
    }
    expect(whole).toHaveLength(3);
  });

  test('when the document arrives one byte at a time, then it reads as a whole', async () => {
    const whole = plain(await collect(readMarcXml(bytesSource(DOC))));

    expect(plain(await collect(readMarcXml(chunked(DOC, 1))))).toEqual(whole);
  });

  test('when a record is rejected, then raw holds exactly its bytes, wherever the chunks break', async () => {
    const bad = `<record><leader>${LEADER}</leader><datafield tag="245" ind1="1" ind2="0"><subfield code="ab">Ñandú 😀</subfield></datafield></record>`;
    const doc = Buffer.from(`<collection xmlns="${SLIM}">é${bad}</collection>`);

    for (const size of [1, 3, 7, doc.length]) {
      const item = (await collect(readMarcXml(chunked(doc, size))))[0] as ErrorItem;
      expect(Buffer.from(item.raw).toString('utf8')).toBe(bad);
      expect(item.byteOffset).toBe(doc.indexOf('<record>'));
    }
  });

  test('when the input starts with a byte order mark, then offsets still count its bytes', async () => {
    const doc = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`<record xmlns="${SLIM}"><leader>${LEADER}</leader></record>`),
    ]);

    const items = await collect(readMarcXml(bytesSource(doc)));

    expect(items).toEqual([expect.objectContaining({ ok: true, byteOffset: 3 })]);
  });

  test('when the declaration names ISO-8859-1, then the bytes are decoded as Latin-1', async () => {
    const doc = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?><record xmlns="${SLIM}"><leader>${LEADER}</leader><controlfield tag="001">Dur\u00f6</controlfield></record>`,
      'latin1',
    );

    const item = (await collect(readMarcXml(bytesSource(doc))))[0] as RecordItem;

    expect(item.record.getControl('001')).toBe('Durö');
    expect(item.byteOffset).toBe(doc.indexOf('<record'));
  });

  test('when bytes are not valid UTF-8, then they become U+FFFD with a warning', async () => {
    const doc = Buffer.concat([
      Buffer.from(`<record xmlns="${SLIM}"><leader>${LEADER}</leader><controlfield tag="001">Dur`),
      Buffer.from([0xf6]),
      Buffer.from('</controlfield></record>'),
    ]);

    const item = (await collect(readMarcXml(bytesSource(doc))))[0] as RecordItem;

    expect(item.record.getControl('001')).toBe('Dur\uFFFD');
    expect(item.warnings.map((w) => w.code)).toEqual(['field_recovered']);
  });
});
