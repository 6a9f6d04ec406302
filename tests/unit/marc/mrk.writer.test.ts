import { AppError } from '../../../src/errors/app-error';
import type { RecordItem } from '../../../src/marc/read-item';
import { readMrk } from '../../../src/marc/readers/mrk.reader';
import { MarcRecord } from '../../../src/marc/record';
import { mrkWriter, toMrk } from '../../../src/marc/writers/mrk.writer';

function sample(): MarcRecord {
  return new MarcRecord('00000nam a2200000 a 4500', [
    { tag: '001', value: 'ocm 123 ' },
    { tag: '008', value: '960221s1955    dcu' },
    { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'c', value: 'Rs160.00 ($35.00 U.S.)' }] },
    {
      tag: '245',
      ind1: '1',
      ind2: '0',
      subfields: [
        { code: 'a', value: 'Café {braces} C:\\path /' },
        { code: 'c', value: 'Łódź 漢字 𝄞.' },
      ],
    },
    {
      tag: '500',
      ind1: ' ',
      ind2: ' ',
      subfields: [{ code: 'a', value: 'tab\there, newline\nthere, esc\u001B.' }],
    },
    { tag: '999', ind1: ' ', ind2: ' ', subfields: [] },
  ]);
}

async function readBack(text: string): Promise<MarcRecord[]> {
  async function* one(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(text, 'utf8');
  }
  const records: MarcRecord[] = [];
  for await (const item of readMrk(one())) {
    expect(item.ok).toBe(true);
    expect((item as RecordItem).warnings).toEqual([]);
    records.push((item as RecordItem).record);
  }
  return records;
}

describe('MRK writer', () => {
  test('when a record is written, then it is MarcEdit-style lines with backslash blanks and a closing blank line', () => {
    const text = toMrk(sample());

    expect(text.split('\n')).toEqual([
      '=LDR  00000nam\\a2200000\\a\\4500',
      '=001  ocm\\123\\',
      '=008  960221s1955\\\\\\\\dcu',
      '=020  \\\\$cRs160.00 ({dollar}35.00 U.S.)',
      '=245  10$aCafé {lcub}braces{rcub} C:{bsol}path /$cŁódź 漢字 𝄞.',
      '=500  \\\\$atab{09}here, newline{0A}there, esc{U+001B}.',
      '=999  \\\\',
      '',
      '',
    ]);
  });

  test('when written text is read back, then the records are equal field for field', async () => {
    const writer = mrkWriter();
    const text = writer.begin() + writer.write(sample()) + writer.write(sample()) + writer.end();

    expect(await readBack(text)).toEqual([sample(), sample()]);
  });

  test('when the leader says MARC-8 (leader/09 blank), then the written leader says UTF-8', () => {
    const record = new MarcRecord('00000nam  2200000 a 4500', []);

    expect(toMrk(record)).toBe('=LDR  00000nam\\a2200000\\a\\4500\n\n');
  });

  test('when a field has a third indicator, then it is written and read back', async () => {
    const record = new MarcRecord('00000nam0a32000000  450 ', [
      { tag: '001', ind1: '0', ind2: '0', ind3: '0', subfields: [{ code: 'a', value: '9 181' }] },
    ]);

    expect(toMrk(record)).toContain('=001  000$a9 181');
    expect(await readBack(toMrk(record))).toEqual([record]);
  });

  test('when subfield codes or data hold delimiter characters, then they round-trip', async () => {
    const record = new MarcRecord('00000nam a2200000 a 4500', [
      {
        tag: '999',
        ind1: '1',
        ind2: ' ',
        subfields: [
          { code: '$', value: '$$' },
          { code: '{', value: '}{' },
        ],
      },
    ]);

    expect(await readBack(toMrk(record))).toEqual([record]);
  });

  test('when an indicator cannot be written unambiguously, then the writer refuses with marc_unencodable', () => {
    const record = new MarcRecord(undefined, [{ tag: '245', ind1: '$', ind2: '0', subfields: [] }]);

    expect(() => toMrk(record)).toThrow(AppError);
    expect(() => toMrk(record)).toThrow(/indicator "\$"/);
  });

  test('when a tag is not three letters or digits, then the writer refuses', () => {
    const record = new MarcRecord(undefined, [{ tag: '24 ', value: 'x' }]);

    expect(() => toMrk(record)).toThrow(expect.objectContaining({ code: 'marc_unencodable' }));
  });
});
