import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { ErrorItem } from '../../../src/marc/read-item';
import { bytesSource } from '../../../src/marc/source';
import { chunked, collect } from '../../support/collect';

// Found by scripts/fuzz (marcxml, seed 11, cases 3429006456 and 3429000651): at the end of input
// after a CR, the parser's position stands past the last character; unclamped, it gave a byte
// offset beyond the input and raw bytes padded with zeros, by an amount that varied with chunking.

const NS = 'http://www.loc.gov/MARC21/slim';

describe('MARCXML reader at the end of damaged input with CR line ends', () => {
  test('when a document ends after a CR inside an unclosed root, then the error offset is inside the input', async () => {
    const input = Buffer.from(`<collection xmlns="${NS}">\rxmlns="${NS}">\r`);

    const items = await collect(readMarcXml(bytesSource(input)));

    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, code: 'marc_bad_xml' });
    expect(items[0]!.byteOffset).toBeLessThanOrEqual(input.length);
  });

  test('when a record is cut off after a CR, then its raw bytes are exactly the rest of the input, however it is chunked', async () => {
    const head = `<collection xmlns="${NS}">\r\n  `;
    const record =
      '<record>\r\n    <controlfield tag="001">1</controlfield>\r\n' +
      '    <datafield tag="245" ind1="0" ind2="0">\r\n      <subfield code="a">T</subfield>\r';
    const input = Buffer.from(head + record);

    const whole = await collect(readMarcXml(bytesSource(input)));
    const pieces = await collect(readMarcXml(chunked(input, 7, 1, 64, 3)));

    const error = whole[0] as ErrorItem;
    expect(error).toMatchObject({ ok: false, byteOffset: head.length });
    expect(Buffer.from(error.raw).toString()).toBe(record);
    expect(pieces).toEqual(whole);
  });
});
