import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectFormat } from '../../../src/marc/detect';
import { readMarc } from '../../../src/marc/formats';
import type { ErrorItem, RecordItem } from '../../../src/marc/read-item';
import { LEADING_FILLER_LIMIT } from '../../../src/marc/readers/iso2709-filler';
import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource, openSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { toMarcXml } from '../../../src/marc/writers/marcxml.writer';
import { chunked, collect, recordsOf } from '../../support/collect';

// Files from real systems that yaz-marcdump reads, skipping what stands before the first record
// ("Skipping bad byte" per byte): NUL padding, a banner line, a BOM, tape-label-like headers.

function record(id: string): Buffer {
  return toIso2709(
    new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '001', value: id },
      { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: `Title ${id}` }] },
    ]),
  );
}

const twoRecords = (): Buffer => Buffer.concat([record('r1'), record('r2')]);
const withFiller = (filler: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from(filler as string, 'latin1'), twoRecords()]);

const ids = (items: { ok: boolean }[]): (string | undefined)[] =>
  items.map((i) =>
    (i as RecordItem).ok ? (i as RecordItem).record.getControl('001') : (i as ErrorItem).code,
  );

describe('ISO 2709 input with filler before the first record', () => {
  test.each([
    ['NUL padding', Buffer.alloc(10)],
    ['a banner line', 'EXPORT 2024-05-01 library system\r\n'],
    ['a UTF-8 BOM', '\xef\xbb\xbf'],
    ['junk starting with five digits', '12345 not a leader\n'],
    ['an 80-byte tape label', 'VOL1' + 'X'.repeat(76)],
  ])(
    'when %s precedes the records and the format is detected, then one leading_filler warning names the bytes and both records are read',
    async (_what, filler) => {
      const bytes = withFiller(filler);
      const skipped = bytes.length - twoRecords().length;

      const items = await collect(readMarc(bytesSource(bytes)));

      expect(ids(items)).toEqual(['r1', 'r2']);
      const [first, second] = recordsOf(items);
      expect(first?.byteOffset).toBe(skipped);
      expect(first?.warnings).toEqual([
        {
          code: 'leading_filler',
          message: `${skipped} byte(s) before the first record (offsets 0–${skipped - 1}) skipped`,
        },
      ]);
      expect(second?.warnings).toEqual([]);
    },
  );

  test('when the input arrives in chunks of any size, then the items are those of a one-chunk read', async () => {
    const bytes = withFiller('\0\0garbage before the data\n');
    const whole = await collect(readIso2709(bytesSource(bytes)));

    for (const sizes of [[1], [2, 5], [7], [30], [40, 1]]) {
      expect(await collect(readIso2709(chunked(bytes, ...sizes)))).toEqual(whole);
    }
    expect(recordsOf(whole)).toHaveLength(2);
  });

  test('when the file is read from disk, as the CLI does, then the filler is skipped the same way', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-filler-'));
    try {
      const file = path.join(dir, 'padded.mrc');
      writeFileSync(file, withFiller(Buffer.alloc(512, 0x20)));

      const items = await collect(readMarc(openSource(file)));

      expect(ids(items)).toEqual(['r1', 'r2']);
      expect(recordsOf(items)[0]?.warnings.map((w) => w.code)).toEqual(['leading_filler']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when the filler is longer than the bound, then detection refuses the input rather than hunt further', async () => {
    const bytes = withFiller('x'.repeat(LEADING_FILLER_LIMIT + 1));

    await expect(collect(readMarc(bytesSource(bytes)))).rejects.toMatchObject({
      code: 'marc_unknown_format',
    });
    // Told the format, the reader reports the junk as damage and still reads on.
    expect(ids(await collect(readMarc(bytesSource(bytes), { format: 'iso2709' })))).toEqual([
      'marc_garbage',
      'r1',
      'r2',
    ]);
  });

  test('when the bytes before a record hold a record terminator, then they are a damaged record (an error item), not filler', async () => {
    const bytes = withFiller('broken\x1efield data\x1d');

    const items = await collect(readIso2709(bytesSource(bytes)));

    expect(ids(items)).toEqual(['marc_garbage', 'r1', 'r2']);
    expect(recordsOf(items)[0]?.warnings).toEqual([]);
  });

  test('when NUL padding runs past the bound, then the reader skips it in a stream, as between records', async () => {
    const padding = Buffer.alloc(LEADING_FILLER_LIMIT * 3);
    const bytes = Buffer.concat([padding, twoRecords()]);

    const items = await collect(readIso2709(chunked(bytes, 1000)));

    expect(ids(items)).toEqual(['r1', 'r2']);
    expect(items[0]?.byteOffset).toBe(padding.length);
  });

  test('when the first bytes are a record, then no warning is added', async () => {
    const items = await collect(readMarc(bytesSource(twoRecords())));

    expect(recordsOf(items).flatMap((i) => i.warnings)).toEqual([]);
  });
});

describe('format detection past leading filler', () => {
  const xml = toMarcXml(new MarcRecord('00000nam a2200000 a 4500', [{ tag: '001', value: 'x1' }]));

  test.each([
    ['MARCXML after a BOM and white space', 'marcxml', Buffer.from(`\ufeff\n  ${xml}`)],
    ['MARC-in-JSON after white space', 'json', Buffer.from('\r\n\t[{"leader":"00000nam a2200000 a 4500"}]')],
    ['MRK after a BOM', 'mrk', Buffer.from('\ufeff=LDR  00000nam a2200000 a 4500\n')],
    ['ISO 2709 after NULs', 'iso2709', withFiller(Buffer.alloc(3))],
    ['ISO 2709 after a header line', 'iso2709', withFiller('header\n')],
  ])('when the input is %s, then it is detected as %s', (_what, format, bytes) => {
    expect(detectFormat(bytes)).toBe(format);
  });

  test.each([
    ['a text dump of a record', 'LDR    00000nam a2200000 a 4500\n001    x1\n245 10 ‡aTitle\n'],
    ['prose that quotes a leader', 'The leader 00714cam a2200205 a 4500 starts every record.'],
    ['NULs only', '\0'.repeat(100)],
  ])('when the input is %s, then nothing is detected', (_what, text) => {
    expect(detectFormat(Buffer.from(text, 'utf8'))).toBeUndefined();
  });
});
