import type { ReadItem, RecordItem } from '../../../src/marc/read-item';
import { readMarcInJson } from '../../../src/marc/readers/mij.reader';
import { MarcRecord } from '../../../src/marc/record';
import { marcInJsonText, mijWriter, toMarcInJson } from '../../../src/marc/writers/mij.writer';
import type { MarcWriter } from '../../../src/marc/writers/writer';

function sample(id: string): MarcRecord {
  return new MarcRecord('00000cam a2200000 a 4500', [
    { tag: '001', value: id },
    {
      tag: '245',
      ind1: '1',
      ind2: '4',
      subfields: [
        { code: 'a', value: 'The "title" \\ {x} /' },
        { code: 'c', value: 'Ærø 𝄞.' },
      ],
    },
    { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: 'Later, but kept in order.' }] },
    { tag: '999', ind1: ' ', ind2: ' ', subfields: [] },
  ]);
}

function writeAll(writer: MarcWriter, records: MarcRecord[]): string {
  return writer.begin() + records.map((r) => writer.write(r)).join('') + writer.end();
}

async function readBack(text: string): Promise<ReadItem[]> {
  async function* one(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(text, 'utf8');
  }
  const items: ReadItem[] = [];
  for await (const item of readMarcInJson(one())) items.push(item);
  return items;
}

describe('MARC-in-JSON writer', () => {
  test('when a record is converted, then it has the code4lib shape with fields in record order', () => {
    const json = toMarcInJson(sample('r1'));

    expect(json).toEqual({
      leader: '00000cam a2200000 a 4500',
      fields: [
        { '001': 'r1' },
        { '245': { ind1: '1', ind2: '4', subfields: [{ a: 'The "title" \\ {x} /' }, { c: 'Ærø 𝄞.' }] } },
        { '100': { ind1: '1', ind2: ' ', subfields: [{ a: 'Later, but kept in order.' }] } },
        { '999': { ind1: ' ', ind2: ' ', subfields: [] } },
      ],
    });
  });

  test('when a field has a third indicator, then it is written as ind3', () => {
    const record = new MarcRecord(undefined, [
      { tag: '001', ind1: '0', ind2: '0', ind3: '0', subfields: [] },
    ]);

    expect(toMarcInJson(record).fields[0]).toEqual({
      '001': { ind1: '0', ind2: '0', ind3: '0', subfields: [] },
    });
  });

  test('when a record is written as text, then it is exactly JSON.stringify of its MARC-in-JSON object', () => {
    const odd = new MarcRecord('00000nam a2200000 a 4500', [
      {
        tag: '001',
        ind1: '0',
        ind2: '0',
        ind3: '1',
        subfields: [{ code: '"', value: '\u0000\n\ud800 "x"' }],
      },
      { tag: 'FMT', value: 'BK' },
    ]);

    for (const record of [sample('r1'), odd, new MarcRecord()]) {
      expect(marcInJsonText(record)).toBe(JSON.stringify(toMarcInJson(record)));
    }
  });

  test('when writing lines, then each record is one compact line that reads back equal', async () => {
    const text = writeAll(mijWriter({ lines: true }), [sample('r1'), sample('r2')]);

    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    const items = await readBack(text);
    expect(items.map((i) => (i as RecordItem).record)).toEqual([sample('r1'), sample('r2')]);
  });

  test('when writing an array, then the output is one JSON array that reads back equal', async () => {
    const text = writeAll(mijWriter({ lines: false }), [sample('r1'), sample('r2'), sample('r3')]);

    expect(JSON.parse(text)).toHaveLength(3);
    const items = await readBack(text);
    expect(items.map((i) => (i as RecordItem).record)).toEqual([sample('r1'), sample('r2'), sample('r3')]);
  });

  test('when an array writer gets no records, then it still writes a valid empty array', () => {
    expect(JSON.parse(writeAll(mijWriter({ lines: false }), []))).toEqual([]);
  });

  test('when an array writer is reused, then begin starts a fresh array', () => {
    const writer = mijWriter({ lines: false });
    writeAll(writer, [sample('r1')]);

    expect(JSON.parse(writeAll(writer, [sample('r2')]))).toHaveLength(1);
  });

  test('when asked for its media type, then lines and array differ', () => {
    expect(mijWriter({ lines: true })).toMatchObject({
      mediaType: 'application/x-ndjson',
      extension: 'jsonl',
    });
    expect(mijWriter({ lines: false })).toMatchObject({ mediaType: 'application/json', extension: 'json' });
  });
});
