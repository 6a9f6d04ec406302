import { MarcError } from '../../../src/marc/errors';
import type { ErrorItem, ReadItem, RecordItem } from '../../../src/marc/read-item';
import { readMrk } from '../../../src/marc/readers/mrk.reader';
import { chunked, collect, splitAt } from '../../support/collect';

async function read(input: string | Uint8Array, options = {}, size?: number): Promise<ReadItem[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return collect(readMrk(chunked(bytes, size ?? bytes.length), options));
}

async function one(input: string): Promise<RecordItem> {
  const items = await read(input);
  expect(items).toHaveLength(1);
  expect(items[0]?.ok).toBe(true);
  return items[0] as RecordItem;
}

function ids(items: ReadItem[]): string[] {
  return items.filter((i): i is RecordItem => i.ok).map((i) => i.record.getControl('001') ?? '?');
}

const RECORD = [
  '=LDR  00000nam\\\\2200000\\a\\4500',
  '=001  rec\\1\\',
  '=008  960221s1955\\\\\\\\dcu',
  '=100  1\\$aDeer-Doe, J.$d1355-1401,',
  '=245  10$aNew test record$h[large print] /$cby Jane.',
  '=650  \\0$aTest record$xJuvenile.',
].join('\n');

describe('MRK reader: records and fields', () => {
  test('when a record is read, then leader, control and data fields come out with blanks for backslashes', async () => {
    const { record, warnings, recordNumber, byteOffset } = await one(`${RECORD}\n`);

    expect([recordNumber, byteOffset]).toEqual([1, 0]);
    expect(record.leader).toBe('00000nam  2200000 a 4500');
    expect(record.fields).toEqual([
      { tag: '001', value: 'rec 1 ' },
      { tag: '008', value: '960221s1955    dcu' },
      {
        tag: '100',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: 'a', value: 'Deer-Doe, J.' },
          { code: 'd', value: '1355-1401,' },
        ],
      },
      {
        tag: '245',
        ind1: '1',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'New test record' },
          { code: 'h', value: '[large print] /' },
          { code: 'c', value: 'by Jane.' },
        ],
      },
      {
        tag: '650',
        ind1: ' ',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'Test record' },
          { code: 'x', value: 'Juvenile.' },
        ],
      },
    ]);
    expect(warnings).toEqual([]);
  });

  test('when indicators are spaces instead of backslashes, then they are blanks too', async () => {
    const { record } = await one('=LDR  00000nam  2200000 a 4500\n=650   0$aCats\n');

    expect(record.getDataFields('650')[0]).toMatchObject({ ind1: ' ', ind2: '0' });
  });

  test('when records are separated by blank lines, then each is numbered with the offset of its first line', async () => {
    const text = `${RECORD}\n\n\n${RECORD.replace('rec\\1', 'rec\\2')}\n`;

    const items = await read(text);

    expect(ids(items)).toEqual(['rec 1 ', 'rec 2 ']);
    expect(items.map((i) => [i.recordNumber, i.byteOffset])).toEqual([
      [1, 0],
      [2, RECORD.length + 3],
    ]);
  });

  test('when a new =LDR follows without a blank line, then it starts a new record', async () => {
    const items = await read(`${RECORD}\n${RECORD.replace('rec\\1', 'rec\\2')}`);

    expect(ids(items)).toEqual(['rec 1 ', 'rec 2 ']);
  });

  test('when the file has CRLF line ends and a BOM, then it reads the same', async () => {
    const text = `\uFEFF${RECORD.replace(/\n/g, '\r\n')}\r\n\r\n${RECORD.replace(/\n/g, '\r\n')}\r\n`;

    const items = await read(text);

    expect(ids(items)).toEqual(['rec 1 ', 'rec 1 ']);
    expect((items[0] as RecordItem).record.getSubfield('650', 'x')).toBe('Juvenile.');
  });

  test('when the leader is tagged =000 and a field is wrapped onto a second line, then the lines are joined', async () => {
    const text =
      '=000  00000nam\\\\2200000\\a\\4500\n=245  10$aPolitical tides /$cby John\n ; with an introduction.\n';

    const { record } = await one(text);

    expect(record.getSubfield('245', 'c')).toBe('by John ; with an introduction.');
  });

  test('when lines start with #, then they are comments and ignored', async () => {
    const text = `# made by hand\n${RECORD.replace('=008', '#=008')}\n`;

    const { record } = await one(text);

    expect(record.getControl('008')).toBeUndefined();
    expect(record.fields).toHaveLength(4);
  });

  test('when subfield data holds a literal backslash, then it stays a backslash', async () => {
    const { record } = await one(
      '=LDR  00000nam  2200000 a 4500\n=500  \\\\$abacksolidus \\ used for blanks\n',
    );

    expect(record.getSubfield('500', 'a')).toBe('backsolidus \\ used for blanks');
  });

  test('when values hold mnemonics, then they are expanded, combining marks after their base', async () => {
    const text =
      '=LDR  00000nam  2200000 a 4500\n=020  \\\\$cRs160.00 ({dollar}35.00 U.S.)\n=500  \\\\$aK{ostrok}benhavn, Pe{caron}c, Jos{acute}e {lcub}x{rcub}\n';

    const { record } = await one(text);

    expect(record.getSubfield('020', 'c')).toBe('Rs160.00 ($35.00 U.S.)');
    expect(record.getSubfield('500', 'a')).toBe('København, Peč, José {x}');
  });

  test('when a .mrk8 file has literal UTF-8 characters, then they are kept (NFC)', async () => {
    const { record } = await one('=LDR  00000nam a2200000 a 4500\n=245  00$aCafe\u0301 漢字 𝄞\n');

    expect(record.getSubfield('245', 'a')).toBe('Café 漢字 𝄞');
  });

  test('when a MARC-8 record carries &#x references, then they are decoded; a UTF-8 record keeps them', async () => {
    const marc8 = await one('=LDR  00000nam  2200000 a 4500\n=500  \\\\$a&#x2113;\n');
    const utf8 = await one('=LDR  00000nam a2200000 a 4500\n=500  \\\\$a&#x2113;\n');

    expect(marc8.record.getSubfield('500', 'a')).toBe('ℓ');
    expect(utf8.record.getSubfield('500', 'a')).toBe('&#x2113;');
  });

  test('when a mnemonic is unknown, then its text is kept and a warning names it', async () => {
    const { record, warnings } = await one('=LDR  00000nam  2200000 a 4500\n=500  \\\\$aSee {zilch} here\n');

    expect(record.getSubfield('500', 'a')).toBe('See {zilch} here');
    expect(warnings).toEqual([
      { code: 'mnemonic_unknown', message: 'field 500: unknown mnemonic {zilch} kept as text' },
    ]);
  });

  test('when a subfield code is a mnemonic, then it is that character', async () => {
    const { record } = await one('=LDR  00000nam  2200000 a 4500\n=999  \\\\${dollar}odd$aeven\n');

    expect(record.getDataFields('999')[0]?.subfields).toEqual([
      { code: '$', value: 'odd' },
      { code: 'a', value: 'even' },
    ]);
  });

  test('when the text is not UTF-8, then it is read as Latin-1 with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from('=LDR  00000nam  2200000 a 4500\n=245  00$aCaf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);

    const items = await read(bytes);

    expect((items[0] as RecordItem).record.getSubfield('245', 'a')).toBe('Café');
    expect((items[0] as RecordItem).warnings[0]?.code).toBe('charset_latin1_assumed');
  });

  test('when the leader says three indicators, then data fields have ind3', async () => {
    const { record } = await one('=LDR  00000nam0\\32000000\\\\450\\\n=001  00\\$a9 181 423 4\n');

    expect(record.fields[0]).toEqual({
      tag: '001',
      ind1: '0',
      ind2: '0',
      ind3: ' ',
      subfields: [{ code: 'a', value: '9 181 423 4' }],
    });
  });
});

describe('MRK reader: repairs and damage', () => {
  test('when a data field has no indicators or an empty "$", then it is repaired with warnings', async () => {
    const { record, warnings } = await one('=LDR  00000nam  2200000 a 4500\n=245  $aTitle$\n');

    expect(record.getDataFields('245')[0]).toEqual({
      tag: '245',
      ind1: ' ',
      ind2: ' ',
      subfields: [{ code: 'a', value: 'Title' }],
    });
    expect(warnings.map((w) => w.code)).toEqual(['field_recovered', 'subfield_empty_code']);
  });

  test('when the leader is short, then it is padded with a warning', async () => {
    const { record, warnings } = await one('=LDR  00000nam\n=001  x\n');

    expect(record.leader).toHaveLength(24);
    expect(warnings[0]?.code).toBe('leader_repaired');
  });

  test('when a record has no =LDR, then it is an error item at its first line and the next record still reads', async () => {
    const text = `${RECORD}\n\n=001  orphan\n=245  10$aNo leader\n\n${RECORD}\n`;

    const items = await read(text);

    expect(ids(items)).toEqual(['rec 1 ', 'rec 1 ']);
    const error = items[1] as ErrorItem;
    expect(error).toMatchObject({
      ok: false,
      code: 'marc_bad_mrk',
      recordNumber: 2,
      byteOffset: RECORD.length + 2,
    });
    expect(error.message).toBe('no =LDR line');
    expect(Buffer.from(error.raw).toString()).toBe('=001  orphan\n=245  10$aNo leader\n');
  });

  test('when a tag line is malformed, then the record is an error item naming the line', async () => {
    const text = `${RECORD.replace('=245  10', '=24510')}\n\n${RECORD}\n`;

    const items = await read(text);

    expect(items[0]).toMatchObject({ ok: false, code: 'marc_bad_mrk' });
    expect((items[0] as ErrorItem).message).toMatch(/bad tag line "=24510\$aNew/);
    expect(ids(items)).toEqual(['rec 1 ']);
  });

  test('when a data field has text where the subfields should start, then the record is an error item', async () => {
    const items = await read('=LDR  00000nam  2200000 a 4500\n=500  \\\\No delimiter\n');

    expect(items[0]).toMatchObject({ ok: false, code: 'marc_bad_mrk' });
  });

  test('when a record is larger than maxRecordBytes, then it is rejected with bounded raw bytes and the next reads', async () => {
    const big = `=LDR  00000nam  2200000 a 4500\n=500  \\\\$a${'x'.repeat(5000)}\n=500  \\\\$ay\n`;

    const items = await read(`${big}\n${RECORD}\n`, { maxRecordBytes: 1000 }, 128);

    expect(items[0]).toMatchObject({
      ok: false,
      code: 'marc_record_too_large',
      recordNumber: 1,
      byteOffset: 0,
    });
    expect((items[0] as ErrorItem).raw.length).toBeLessThanOrEqual(1000);
    expect(ids(items)).toEqual(['rec 1 ']);
  });

  test('when strict, then the first damaged record throws a MarcError', async () => {
    const attempt = read(`${RECORD}\n\n=001  orphan\n`, { strict: true });

    await expect(attempt).rejects.toBeInstanceOf(MarcError);
    await expect(read(`${RECORD}\n\n=001  orphan\n`, { strict: true })).rejects.toMatchObject({
      code: 'marc_bad_mrk',
      recordNumber: 2,
    });
  });
});

describe('MRK reader: chunk boundaries', () => {
  test('when the input is split at every byte offset, including inside multi-byte characters, then the records are the same', async () => {
    const text = `${RECORD}\r\n=500  \\\\$aCafé 漢字 𝄞 {acute}e\r\n\r\n${RECORD}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const expected = (await read(bytes)).map((i) => (i.ok ? i.record : i));

    for (let cut = 1; cut < bytes.length; cut++) {
      const items: ReadItem[] = [];
      for await (const item of readMrk(splitAt(bytes, cut))) items.push(item);
      expect(items.map((i) => (i.ok ? i.record : i))).toEqual(expected);
    }
    expect(expected).toHaveLength(2);
  });

  test('when the input arrives one byte at a time, BOM included, then records and offsets are exact', async () => {
    const text = `\uFEFF${RECORD}\n\n${RECORD}\n`;

    const items = await read(text, {}, 1);

    expect(ids(items)).toEqual(['rec 1 ', 'rec 1 ']);
    expect(items.map((i) => i.byteOffset)).toEqual([0, 3 + RECORD.length + 2]);
  });
});
