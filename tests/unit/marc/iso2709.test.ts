import { MarcError } from '../../../src/marc/errors';
import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { toIso2709 } from '../../../src/marc/writers/iso2709.writer';
import { chunked, collect, recordsOf } from '../../support/collect';

function book(id: string, title: string): MarcRecord {
  return new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: id },
    { tag: '008', value: '850101s1985    nyu           000 0 eng d' },
    {
      tag: '100',
      ind1: '1',
      ind2: ' ',
      subfields: [
        { code: 'a', value: 'Łódź, Jan,' },
        { code: 'd', value: '1900-1980.' },
      ],
    },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [
        { code: 'a', value: title },
        { code: 'c', value: 'by Jan Łódź.' },
      ],
    },
  ]);
}

const twoBooks = () =>
  Buffer.concat([toIso2709(book('r1', 'Straße :')), toIso2709(book('r2', 'Æsop’s fables'))]);

async function read(bytes: Uint8Array, options = {}) {
  return collect(readIso2709(bytesSource(bytes), options));
}

describe('ISO 2709 reader and writer', () => {
  test('when a record is written and read back, then the model is equal and the bytes identical', async () => {
    const bytes = toIso2709(book('r1', 'Straße :'));
    const [item] = await read(bytes);
    expect(item?.ok).toBe(true);
    if (!item?.ok) return;
    expect(item.record.fields).toEqual(book('r1', 'Straße :').fields);
    expect(item.record.leader).toBe(bytes.toString('latin1', 0, 24));
    expect(item.warnings).toEqual([]);
    expect(toIso2709(item.record).equals(bytes)).toBe(true);
  });

  test('when the input arrives in chunks split anywhere, then the same records come out', async () => {
    const bytes = twoBooks();
    const whole = recordsOf(await read(bytes)).map((i) => i.record);
    for (const size of [1, 2, 3, 7, 24, 100]) {
      const items = await collect(readIso2709(chunked(bytes, size)));
      expect(recordsOf(items).map((i) => i.record)).toEqual(whole);
    }
    expect(whole.map((r) => r.getControl('001'))).toEqual(['r1', 'r2']);
  });

  test('when records carry offsets, then each item says its number and byte offset', async () => {
    const first = toIso2709(book('r1', 'A'));
    const items = await read(Buffer.concat([first, toIso2709(book('r2', 'B'))]));
    expect(items.map((i) => [i.recordNumber, i.byteOffset])).toEqual([
      [1, 0],
      [2, first.length],
    ]);
  });

  test('when the leader counts characters instead of bytes, then the terminators recover the record with a warning', async () => {
    const bytes = toIso2709(book('r1', 'Straße :'));
    const chars = bytes.toString('utf8').length;
    const lying = Buffer.concat([
      Buffer.from(String(chars).padStart(5, '0')),
      bytes.subarray(5),
      toIso2709(book('r2', 'B')),
    ]);
    const items = await read(lying);
    const records = recordsOf(items);
    expect(records.map((r) => r.record.getSubfield('245', 'a'))).toEqual(['Straße :', 'B']);
    expect(records[0]?.warnings.map((w) => w.code)).toContain('length_recovered');
  });

  test('when directory lengths count characters, then fields are split at their terminators', async () => {
    const bytes = Buffer.from(toIso2709(book('r1', 'Straße Łódź')));
    const base = Number(bytes.toString('latin1', 12, 17));
    // Shrink each directory length to the field's character count, as a char-counting writer would.
    for (let at = 24; at < base - 1; at += 12) {
      const len = Number(bytes.toString('latin1', at + 3, at + 7));
      const start = base + Number(bytes.toString('latin1', at + 7, at + 12));
      const chars = bytes.toString('utf8', start, start + len).length;
      bytes.write(String(chars).padStart(4, '0'), at + 3, 'latin1');
    }
    const [item] = await read(bytes);
    expect(item?.ok && item.record.getSubfield('245', 'a')).toBe('Straße Łódź');
    expect(item?.ok && item.warnings.map((w) => w.code)).toContain('field_recovered');
  });

  test('when garbage sits between records, then it is one error item and the next record is read', async () => {
    const bytes = Buffer.concat([
      toIso2709(book('r1', 'A')),
      Buffer.from('#### junk ####'),
      toIso2709(book('r2', 'B')),
    ]);
    const items = await read(bytes);
    expect(items.map((i) => (i.ok ? i.record.getControl('001') : i.code))).toEqual([
      'r1',
      'marc_garbage',
      'r2',
    ]);
    const junk = items[1];
    expect(junk && !junk.ok && Buffer.from(junk.raw).toString()).toBe('#### junk ####');
  });

  test('when newlines separate records, then they are skipped silently', async () => {
    const bytes = Buffer.concat([
      toIso2709(book('r1', 'A')),
      Buffer.from('\r\n'),
      toIso2709(book('r2', 'B')),
      Buffer.from('\n'),
    ]);
    const items = await read(bytes);
    expect(items.map((i) => i.ok)).toEqual([true, true]);
  });

  test('when the file is truncated, then the last record is an error item with its offset', async () => {
    const first = toIso2709(book('r1', 'A'));
    const bytes = Buffer.concat([first, toIso2709(book('r2', 'B')).subarray(0, 60)]);
    const items = await read(bytes);
    expect(items).toHaveLength(2);
    const last = items[1];
    expect(last && !last.ok && [last.code, last.byteOffset, last.raw.length]).toEqual([
      'marc_truncated',
      first.length,
      60,
    ]);
  });

  test('when a record terminator is missing, then the length is trusted and the next record still reads', async () => {
    const first = toIso2709(book('r1', 'A'));
    first[first.length - 1] = 0x20;
    const items = await read(Buffer.concat([first, toIso2709(book('r2', 'B'))]));
    expect(recordsOf(items).map((i) => i.record.getControl('001'))).toEqual(['r1', 'r2']);
  });

  test('when the base address is wrong, then the directory end is used with a warning', async () => {
    const bytes = Buffer.from(toIso2709(book('r1', 'A')));
    bytes.write('00030', 12, 'latin1');
    const [item] = await read(bytes);
    expect(item?.ok && item.record.getSubfield('245', 'a')).toBe('A');
    expect(item?.ok && item.warnings.map((w) => w.code)).toContain('directory_recovered');
  });

  test('when the directory is unreadable, then the record is rejected and reading goes on', async () => {
    const bad = Buffer.from(toIso2709(book('r1', 'A')));
    bad.write('XXXXXXXXXXXX', 24, 'latin1');
    bad.write('YYYY', 36, 'latin1');
    const items = await read(Buffer.concat([bad, toIso2709(book('r2', 'B'))]));
    expect(items.map((i) => (i.ok ? 'ok' : i.code))).toEqual(['marc_bad_directory', 'ok']);
  });

  test('when strict, then the first damaged record throws a MarcError with its position', async () => {
    const bytes = Buffer.concat([toIso2709(book('r1', 'A')), Buffer.from('junk')]);
    await expect(read(bytes, { strict: true })).rejects.toThrow(MarcError);
    await expect(read(bytes, { strict: true })).rejects.toThrow(/record 2 at byte/);
  });

  test('when leader/09 is blank but the data is UTF-8, then it is read as UTF-8 with a warning', async () => {
    const bytes = Buffer.from(toIso2709(book('r1', 'Straße')));
    bytes[9] = 0x20;
    const [item] = await read(bytes);
    expect(item?.ok && item.record.getSubfield('245', 'a')).toBe('Straße');
    expect(item?.ok && item.record.leader[9]).toBe('a');
    expect(item?.ok && item.warnings.map((w) => w.code)).toEqual(['charset_utf8_assumed']);
  });

  test('when leader/09 says Unicode but the bytes are MARC-8, then they are decoded as MARC-8 with a warning', async () => {
    // 0xE2 is the MARC-8 combining acute; it precedes its base letter.
    const bytes = Buffer.from(
      toIso2709(book('r1', 'Cafe')).toString('latin1').replace('Cafe', 'Caf\xe2e'),
      'latin1',
    );
    const [item] = await read(bytes);
    expect(item?.ok && item.record.getSubfield('245', 'a')).toBe('Café');
    expect(item?.ok && item.warnings.map((w) => w.code)).toContain('charset_marc8_assumed');
  });

  test('when a field is longer than ISO 2709 allows, then writing fails with marc_unencodable', () => {
    const record = book('r1', 'x'.repeat(10000));
    expect(() => toIso2709(record)).toThrow(expect.objectContaining({ code: 'marc_unencodable' }));
  });

  test('when the leader says three indicators, then the third is kept and written back', async () => {
    const record = new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '245', ind1: '0', ind2: '0', ind3: '0', subfields: [{ code: 'a', value: 'Dansk' }] },
    ]);
    const bytes = toIso2709(record);
    expect(bytes.toString('latin1', 10, 11)).toBe('3');
    const [item] = await read(bytes);
    expect(item?.ok && item.record.fields[0]).toEqual({
      tag: '245',
      ind1: '0',
      ind2: '0',
      ind3: '0',
      subfields: [{ code: 'a', value: 'Dansk' }],
    });
  });
});
