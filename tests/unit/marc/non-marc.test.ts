import { describeNonMarc, keepingHead } from '../../../src/marc/non-marc';
import { bytesSource } from '../../../src/marc/source';
import { OAI_DC_RESPONSE } from '../../support/non-marc';

describe('what a file without MARC records looks like', () => {
  test.each([
    ['', 'it is empty'],
    ['  \n', 'it is empty'],
    [OAI_DC_RESPONSE, 'it looks like an OAI-PMH response (metadataPrefix oai_dc) with no MARC21 records'],
    ['<!DOCTYPE html><html><body>502 Bad Gateway</body></html>', 'it looks like an HTML page'],
    ['<?xml version="1.0"?><zs:searchRetrieveResponse xmlns:zs="x"/>', 'it looks like an SRU response'],
    ['<mods xmlns="http://www.loc.gov/mods/v3"/>', 'it looks like MODS'],
    ['<catalog><book/></catalog>', 'it looks like XML whose root element is <catalog>'],
    ['{"records": []}', 'it is JSON without MARC-in-JSON records'],
  ])('when a file starts %j, then it is described as "%s…"', (text, expected) => {
    expect(describeNonMarc(Buffer.from(text))).toContain(expected);
  });

  test('when a source is passed through keepingHead, then every byte goes on and the first 4 KiB are kept', async () => {
    const bytes = Buffer.alloc(10_000, 0x41);
    const { source, head } = keepingHead(bytesSource(bytes));

    const chunks: Uint8Array[] = [];
    for await (const chunk of source) chunks.push(chunk);
    const passed = Buffer.concat(chunks);

    expect(passed.equals(bytes)).toBe(true);
    expect(head().length).toBe(4096);
  });
});
