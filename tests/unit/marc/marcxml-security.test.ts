import { MarcError } from '../../../src/marc/errors';
import { MAX_FIELDS_PER_RECORD } from '../../../src/marc/readers/marcxml-builder';
import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { ErrorItem, ReadItem, ReaderOptions, RecordItem } from '../../../src/marc/read-item';
import { bytesSource } from '../../../src/marc/source';
import { collect } from '../../support/collect';

const SLIM = 'http://www.loc.gov/MARC21/slim';
const LEADER = '00714cam a2200205 a 4500';

function rec(id: string, extra = ''): string {
  return `<record><leader>${LEADER}</leader><controlfield tag="001">${id}</controlfield>${extra}</record>`;
}

function read(xml: string, options: ReaderOptions = {}): Promise<ReadItem[]> {
  return collect(readMarcXml(bytesSource(xml), options));
}

function ids(items: ReadItem[]): (string | undefined)[] {
  return items.map((i) => (i.ok ? i.record.getControl('001') : undefined));
}

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE collection [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<collection xmlns="${SLIM}">${rec('1', '<datafield tag="500" ind1=" " ind2=" "><subfield code="a">&lol9;</subfield></datafield>')}${rec('2')}</collection>`;

describe('MARCXML reader: hostile input', () => {
  test('when a DOCTYPE declares an entity bomb, then nothing is expanded and the record using it is rejected', async () => {
    const items = await read(BOMB);

    expect(items[0]).toMatchObject({
      ok: false,
      code: 'marc_bad_xml',
      recordNumber: 1,
      message: expect.stringContaining('undefined entity'),
    });
    expect((items[0] as ErrorItem).raw.length).toBeLessThan(BOMB.length);
    expect(ids(items)).toEqual([undefined, '2']);
  });

  test('when an external entity is referenced, then the file is never read and the record is rejected', async () => {
    const xml = `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><collection xmlns="${SLIM}">${rec('&xxe;')}${rec('2')}</collection>`;

    const items = await read(xml);

    expect(items[0]).toMatchObject({ ok: false, code: 'marc_bad_xml' });
    expect(Buffer.from((items[0] as ErrorItem).raw).toString()).not.toContain('root:');
    expect(ids(items)).toEqual([undefined, '2']);
  });

  test('when a record is larger than maxRecordBytes, then it is rejected and the next record is read', async () => {
    const big = rec(
      '1',
      `<datafield tag="500" ind1=" " ind2=" ">${'<subfield code="a">0123456789</subfield>'.repeat(200)}</datafield>`,
    );

    const items = await read(`<collection xmlns="${SLIM}">${big}${rec('2')}</collection>`, {
      maxRecordBytes: 4000,
    });

    expect(items[0]).toMatchObject({ ok: false, code: 'marc_record_too_large', recordNumber: 1 });
    expect(ids(items)).toEqual([undefined, '2']);
  });

  test('when a record has more fields than allowed, then it is rejected', async () => {
    const many = '<controlfield tag="005">x</controlfield>'.repeat(MAX_FIELDS_PER_RECORD + 1);

    const items = await read(`<collection xmlns="${SLIM}">${rec('1', many)}${rec('2')}</collection>`);

    expect(items[0]).toMatchObject({
      ok: false,
      code: 'marc_record_too_large',
      message: expect.stringContaining('fields'),
    });
    expect(ids(items)).toEqual([undefined, '2']);
  });

  test('when a single text node is larger than maxRecordBytes, then reading stops with an error item', async () => {
    const xml = `<collection xmlns="${SLIM}">${rec('1')}${rec('2', `<controlfield tag="009">${'x'.repeat(100_000)}</controlfield>`)}${rec('3')}</collection>`;

    const items = await read(xml, { maxRecordBytes: 5000 });

    expect(ids(items)).toEqual(['1', undefined]);
    expect(items[1]).toMatchObject({ ok: false, code: 'marc_record_too_large', recordNumber: 2 });
  });
});

describe('MARCXML reader: broken XML', () => {
  test('when the file is truncated inside a record, then earlier records are read and the last becomes an error item', async () => {
    const head = `<collection xmlns="${SLIM}">${rec('1')}`;
    const xml = `${head}<record><leader>${LEADER}</leader><controlfield tag="001">2</contr`;

    const items = await read(xml);

    expect(ids(items)).toEqual(['1', undefined]);
    expect(items[1]).toMatchObject({
      ok: false,
      code: 'marc_bad_xml',
      recordNumber: 2,
      byteOffset: Buffer.byteLength(head),
    });
    expect(Buffer.from((items[1] as ErrorItem).raw).toString()).toMatch(/^<record><leader>/);
  });

  test('when tags are mismatched, then the record in progress is reported and reading stops', async () => {
    const xml = `<collection xmlns="${SLIM}">${rec('1')}<record><leader>${LEADER}</leader><datafield tag="245" ind1=" " ind2=" "></subfield></datafield></record>${rec('3')}</collection>`;

    const items = await read(xml);

    expect(ids(items)).toEqual(['1', undefined]);
    expect(items[1]).toMatchObject({
      ok: false,
      code: 'marc_bad_xml',
      recordNumber: 2,
      message: expect.stringContaining('malformed XML'),
    });
  });

  test('when the document breaks between records, then a document-level error item ends the reading', async () => {
    const items = await read(`<collection xmlns="${SLIM}">${rec('1')}</wrong>${rec('2')}</collection>`);

    expect(ids(items)).toEqual(['1', undefined]);
    expect(items[1]).toMatchObject({ ok: false, code: 'marc_bad_xml', raw: new Uint8Array(0) });
  });

  test('when strict is set, then the first error throws a MarcError with its position', async () => {
    const xml = `<collection xmlns="${SLIM}">${rec('1')}${rec('2', '<datafield ind1=" " ind2=" "/>')}${rec('3')}</collection>`;

    const promise = read(xml, { strict: true });

    await expect(promise).rejects.toBeInstanceOf(MarcError);
    await expect(promise).rejects.toMatchObject({ code: 'marc_bad_xml', recordNumber: 2 });
  });

  test('when strict is set and records are sound, then they are read', async () => {
    const items = await read(`<collection xmlns="${SLIM}">${rec('1')}${rec('2')}</collection>`, {
      strict: true,
    });

    expect((items as RecordItem[]).map((i) => i.record.getControl('001'))).toEqual(['1', '2']);
  });

  test('when the declared encoding is unsupported, then one error item says so', async () => {
    const items = await read(
      `<?xml version="1.0" encoding="UTF-16"?><collection xmlns="${SLIM}">${rec('1')}</collection>`,
    );

    expect(items).toEqual([
      expect.objectContaining({
        ok: false,
        code: 'marc_bad_xml',
        message: expect.stringContaining('UTF-16'),
      }),
    ]);
  });
});
