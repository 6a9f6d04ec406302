import { MarcError } from '../../../src/marc/errors';
import type { ErrorItem, ReadItem, RecordItem } from '../../../src/marc/read-item';
import { readMarcInJson } from '../../../src/marc/readers/mij.reader';
import { chunked, collect, splitAt } from '../../support/collect';

const LEADER = '00000nam a2200000 a 4500';

function record(id: string, title = 'Title'): object {
  return {
    leader: LEADER,
    fields: [{ '001': id }, { '245': { ind1: '1', ind2: '0', subfields: [{ a: title }, { c: 'by me.' }] } }],
  };
}

async function read(input: string | Uint8Array, options = {}, size?: number): Promise<ReadItem[]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return collect(readMarcInJson(chunked(bytes, size ?? bytes.length), options));
}

function ids(items: ReadItem[]): string[] {
  return items.filter((i): i is RecordItem => i.ok).map((i) => i.record.getControl('001') ?? '?');
}

function errors(items: ReadItem[]): ErrorItem[] {
  return items.filter((i): i is ErrorItem => !i.ok);
}

describe('MARC-in-JSON reader: layouts', () => {
  test('when the input is one object, then one record comes out with fields in order', async () => {
    const items = await read(JSON.stringify(record('r1')));

    expect(items).toHaveLength(1);
    const item = items[0] as RecordItem;
    expect(item.ok).toBe(true);
    expect(item.recordNumber).toBe(1);
    expect(item.byteOffset).toBe(0);
    expect(item.record.leader).toBe(LEADER);
    expect(item.record.fields).toEqual([
      { tag: '001', value: 'r1' },
      {
        tag: '245',
        ind1: '1',
        ind2: '0',
        subfields: [
          { code: 'a', value: 'Title' },
          { code: 'c', value: 'by me.' },
        ],
      },
    ]);
    expect(item.warnings).toEqual([]);
  });

  test('when the input is a compact array, then every element is a record', async () => {
    const items = await read(JSON.stringify([record('r1'), record('r2'), record('r3')]));

    expect(ids(items)).toEqual(['r1', 'r2', 'r3']);
    expect(items.map((i) => i.recordNumber)).toEqual([1, 2, 3]);
  });

  test('when the input is a pretty-printed array, then every element is a record', async () => {
    const items = await read(JSON.stringify([record('r1'), record('r2')], null, 2));

    expect(ids(items)).toEqual(['r1', 'r2']);
  });

  test('when the input is JSON lines, then each line is a record at its byte offset', async () => {
    const lines = [record('r1'), record('r2')].map((r) => JSON.stringify(r));
    const items = await read(`${lines[0]}\n${lines[1]}\n`);

    expect(ids(items)).toEqual(['r1', 'r2']);
    expect(items[1]?.byteOffset).toBe(Buffer.byteLength(lines[0] as string) + 1);
  });

  test('when the input starts with a BOM and uses CRLF, then it reads the same', async () => {
    const text = `\uFEFF${JSON.stringify(record('r1'))}\r\n${JSON.stringify(record('r2'))}\r\n`;

    expect(ids(await read(text))).toEqual(['r1', 'r2']);
  });

  test('when the input is empty or white space, then nothing comes out', async () => {
    expect(await read('')).toEqual([]);
    expect(await read(' \n\t[]\n')).toEqual([]);
  });
});

describe('MARC-in-JSON reader: damage', () => {
  test('when an array holds malformed JSON in the middle, then it is an error item and the others still come out', async () => {
    const bad = '{"leader": "x" "fields": []}';
    const text = `[${JSON.stringify(record('r1'))},\n${bad},\n${JSON.stringify(record('r3'))}]`;

    const items = await read(text);

    expect(ids(items)).toEqual(['r1', 'r3']);
    const [error] = errors(items);
    expect(error).toMatchObject({ code: 'marc_bad_json', recordNumber: 2, byteOffset: text.indexOf(bad) });
    expect(Buffer.from(error?.raw ?? []).toString()).toBe(bad);
    expect(error?.message).toMatch(/invalid JSON/);
  });

  test('when a JSON lines file has a malformed line, then the lines after it still come out', async () => {
    const text = [JSON.stringify(record('r1')), '{"leader": , }', JSON.stringify(record('r3'))].join('\n');

    const items = await read(text);

    expect(ids(items)).toEqual(['r1', 'r3']);
    expect(errors(items).map((e) => [e.code, e.recordNumber])).toEqual([['marc_bad_json', 2]]);
  });

  test('when a JSON line is cut short (braces never close), then the records after it still come out', async () => {
    const whole = JSON.stringify(record('r2'));
    const text = [JSON.stringify(record('r1')), whole.slice(0, 40), JSON.stringify(record('r3')), ''].join(
      '\n',
    );

    const items = await read(text);

    expect(ids(items)).toEqual(['r1', 'r3']);
    expect(errors(items)).toHaveLength(1);
    expect(errors(items)[0]?.byteOffset).toBe(JSON.stringify(record('r1')).length + 1);
  });

  test('when a JSON line ends inside a string, then the error is that line and the next line reads', async () => {
    const text = `${JSON.stringify(record('r1'))}\n{"leader": "0000\n${JSON.stringify(record('r3'))}\n`;

    const items = await read(text);

    expect(ids(items)).toEqual(['r1', 'r3']);
    expect(errors(items)[0]).toMatchObject({ code: 'marc_bad_json', message: 'unterminated string' });
  });

  test('when a pretty-printed record is cut short in an array, then the next record still reads', async () => {
    const pretty = JSON.stringify([record('r1'), record('r2'), record('r3')], null, 2);
    const cut = pretty.indexOf('"r2"') + 4;
    const damaged = pretty.slice(0, cut) + pretty.slice(pretty.lastIndexOf('\n  {'));

    const items = await read(damaged);

    expect(ids(items)).toEqual(['r1', 'r3']);
    expect(errors(items)[0]).toMatchObject({
      recordNumber: 2,
      byteOffset: pretty.lastIndexOf('\n  {', cut) + 3,
    });
  });

  test('when valid JSON nests objects at the record indentation, then it is not split', async () => {
    const text = `[\n{"leader": "${LEADER}",\n"fields": [\n{"001": "r1"}\n]}\n]`;

    const items = await read(text);

    expect(ids(items)).toEqual(['r1']);
  });

  test('when text that is not an object sits between records, then it is one error item', async () => {
    const items = await read(`[asdsd\n ${JSON.stringify(record('r1'))}]`);

    expect(errors(items)[0]).toMatchObject({
      code: 'marc_bad_json',
      message: 'not a JSON object',
      byteOffset: 1,
    });
    expect(ids(items)).toEqual(['r1']);
  });

  test('when a string holds raw newlines (invalid JSON some writers emit), then the record is kept with a warning', async () => {
    const text =
      '[{"leader": "' +
      LEADER +
      '", "fields": [{"100": {"ind1": "1", "ind2": " ", "subfields": [{"a": "Dylan,\n   Bob"}]}}]}]';

    const items = await read(text);

    const item = items[0] as RecordItem;
    expect(item.ok).toBe(true);
    expect(item.record.getSubfield('100', 'a')).toBe('Dylan,\n   Bob');
    expect(item.warnings.map((w) => w.code)).toEqual(['field_recovered']);
  });

  test('when bytes are not valid UTF-8, then the record is an error item', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"leader": "'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('", "fields": []}'),
    ]);

    const items = await read(bytes);

    expect(errors(items)[0]).toMatchObject({
      code: 'marc_bad_json',
      message: 'invalid JSON: not valid UTF-8',
    });
  });

  test('when strict, then the first damaged record throws a MarcError naming its position', async () => {
    const text = `${JSON.stringify(record('r1'))}\n{"fields": 5}\n`;

    const attempt = read(text, { strict: true });

    await expect(attempt).rejects.toBeInstanceOf(MarcError);
    await expect(read(text, { strict: true })).rejects.toMatchObject({
      code: 'marc_bad_json',
      recordNumber: 2,
    });
  });
});

describe('MARC-in-JSON reader: chunk boundaries and size bound', () => {
  const doc = JSON.stringify(
    [record('r1', 'Café 漢字 𝄞 ü'), record('r2', 'Ærø "quoted" \\ {brace}')],
    null,
    1,
  );
  const bytes = Buffer.from(doc, 'utf8');

  test('when the input is split at every byte offset, including inside multi-byte characters, then the records are the same', async () => {
    const expected = (await read(bytes)).map((i) => (i.ok ? i.record : i));

    for (let cut = 1; cut < bytes.length; cut++) {
      const items: ReadItem[] = [];
      for await (const item of readMarcInJson(splitAt(bytes, cut))) items.push(item);
      expect(items.map((i) => (i.ok ? i.record : i))).toEqual(expected);
    }
    expect(expected).toHaveLength(2);
  });

  test('when the input arrives one byte at a time, BOM included, then the records are the same', async () => {
    const items = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), {}, 1);

    expect(ids(items)).toEqual(['r1', 'r2']);
    expect((items[0] as RecordItem).record.getSubfield('245', 'a')).toBe('Café 漢字 𝄞 ü');
  });

  test('when a record is larger than maxRecordBytes, then it is rejected with at most that many bytes kept and reading goes on', async () => {
    const big = JSON.stringify(record('big', 'x'.repeat(5000)));
    const text = [JSON.stringify(record('r1')), big, JSON.stringify(record('r3'))].join('\n');

    const items = await read(text, { maxRecordBytes: 1000 }, 64);

    expect(ids(items)).toEqual(['r1', 'r3']);
    const [error] = errors(items);
    expect(error).toMatchObject({
      code: 'marc_record_too_large',
      recordNumber: 2,
      byteOffset: text.indexOf(big),
    });
    expect(error?.raw.length).toBeLessThanOrEqual(1000);
  });

  test('when a cut-short JSON line is followed by more than maxRecordBytes of records, then they all still come out', async () => {
    const rest = Array.from({ length: 40 }, (_, i) => JSON.stringify(record(`n${i}`)));
    const text = [JSON.stringify(record('r1')), '{"leader": "x", "fields": [{"001": "cut"}', ...rest].join(
      '\n',
    );

    const items = await read(text, { maxRecordBytes: 1000 }, 100);

    expect(ids(items)).toEqual(['r1', ...rest.map((_, i) => `n${i}`)]);
    expect(errors(items).map((e) => e.recordNumber)).toEqual([2]);
  });

  test('when an object never closes, then the reader ends with one bounded error instead of holding it all', async () => {
    async function* runaway(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('[{"leader": "' + LEADER + '", "fields": [{"500": "');
      const filler = Buffer.alloc(64 * 1024, 0x61);
      for (let i = 0; i < 256; i++) yield filler;
    }

    const items: ReadItem[] = [];
    for await (const item of readMarcInJson(runaway(), { maxRecordBytes: 4096 })) items.push(item);

    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, code: 'marc_record_too_large' });
    expect((items[0] as ErrorItem).raw.length).toBeLessThanOrEqual(4096);
  });
});

describe('MARC-in-JSON reader: record shape', () => {
  async function one(value: unknown): Promise<ReadItem> {
    return (await read(JSON.stringify(value)))[0] as ReadItem;
  }

  test('when values are decomposed Unicode, then they come out NFC', async () => {
    const item = (await one(record('r1', 'Cafe\u0301'))) as RecordItem;

    expect(item.record.getSubfield('245', 'a')).toBe('Caf\u00e9');
  });

  test('when fields is not an array, then the record is an error item', async () => {
    expect(await one({ leader: LEADER, fields: { '001': 'x' } })).toMatchObject({
      ok: false,
      code: 'marc_bad_json',
    });
  });

  test('when a tag is not three characters, then the record is an error item naming the field', async () => {
    const item = await one({
      leader: LEADER,
      fields: [{ '001': 'x' }, { '24X5': { ind1: ' ', ind2: ' ', subfields: [] } }],
    });

    expect(item).toMatchObject({ ok: false, code: 'marc_bad_field' });
    expect((item as ErrorItem).message).toMatch(/field 2: tag "24X5"/);
  });

  test('when a tag has only one or two digits, then it is zero-padded with a warning', async () => {
    const item = await one({
      leader: LEADER,
      fields: [{ '24': { ind1: ' ', ind2: ' ', subfields: [{ a: 'x' }] } }],
    });

    expect(item.ok && item.record.fields[0]?.tag).toBe('024');
    expect(item.ok && item.warnings.map((w) => w.message).join()).toContain('tag "24" read as 024');
  });

  test('when a subfield value is an object, then the record is an error item', async () => {
    const item = await one({
      leader: LEADER,
      fields: [{ '245': { ind1: '1', ind2: '0', subfields: [{ a: { x: 1 } }] } }],
    });

    expect(item).toMatchObject({ ok: false, code: 'marc_bad_field' });
  });

  test('when a subfield value is a number, then it is kept as text with a warning', async () => {
    const item = (await one({
      leader: LEADER,
      fields: [{ '300': { ind1: ' ', ind2: ' ', subfields: [{ a: 42 }] } }],
    })) as RecordItem;

    expect(item.record.getSubfield('300', 'a')).toBe('42');
    expect(item.warnings[0]?.code).toBe('field_recovered');
  });

  test('when indicators are too long, missing, empty or a backslash, then they are repaired', async () => {
    const fields = [
      { '100': { ind1: '10', subfields: [{ a: 'x' }] } },
      { '650': { ind1: '', ind2: '\\', subfields: [{ a: 'y' }] } },
    ];
    const item = (await one({ leader: LEADER, fields })) as RecordItem;

    expect(item.record.getDataFields('100')[0]).toMatchObject({ ind1: '1', ind2: ' ' });
    expect(item.record.getDataFields('650')[0]).toMatchObject({ ind1: ' ', ind2: ' ' });
    expect(item.warnings.map((w) => w.message)).toEqual([
      'field 1 (100): indicator "10" cut to "1"',
      'field 1 (100): missing indicator taken as blank',
    ]);
  });

  test('when the leader is missing or short, then it is repaired with a warning', async () => {
    const missing = (await one({ fields: [{ '001': 'x' }] })) as RecordItem;
    const short = (await one({ leader: '00000nam', fields: [] })) as RecordItem;

    expect(missing.record.leader).toHaveLength(24);
    expect(missing.warnings[0]?.code).toBe('leader_repaired');
    expect(short.record.leader).toBe('00000nam a2200000 a 4500');
  });

  test('when a data field has a third indicator (yaz, DanMARC), then it is kept', async () => {
    const item = (await one({
      leader: LEADER,
      fields: [{ '001': { ind1: '0', ind2: '0', ind3: '0', subfields: [{ a: '1' }] } }],
    })) as RecordItem;

    expect(item.record.fields[0]).toEqual({
      tag: '001',
      ind1: '0',
      ind2: '0',
      ind3: '0',
      subfields: [{ code: 'a', value: '1' }],
    });
  });
});

describe('MARC-in-JSON reader: other JSON dialects', () => {
  const expected = [
    { tag: '001', value: '123' },
    { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'T' }] },
  ];

  test('when fields are NatLibFi {tag, value} / {tag, ind1, ind2, subfields:[{code, value}]}, then they are read', async () => {
    const value = {
      leader: LEADER,
      fields: [
        { tag: '001', value: '123' },
        { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'T' }] },
      ],
    };

    const items = await read(JSON.stringify(value));

    expect((items[0] as RecordItem).record.fields).toEqual(expected);
  });

  test('when the record is marc4j MARC-JSON (controlfield/datafield), then it is read', async () => {
    const value = {
      leader: LEADER,
      controlfield: [{ tag: '001', content: '123' }],
      datafield: [{ tag: '245', ind1: '1', ind2: '0', subfield: [{ code: 'a', data: 'T' }] }],
    };

    const items = await read(JSON.stringify(value));

    expect((items[0] as RecordItem).record.fields).toEqual(expected);
  });

  test('when the record is Catmandu rows, then LDR becomes the leader and the rest fields', async () => {
    const value = {
      _id: '1',
      record: [
        ['LDR', ' ', ' ', '_', LEADER],
        ['001', ' ', ' ', '_', '123'],
        ['245', '1', '0', 'a', 'T'],
      ],
    };

    const items = await read(JSON.stringify(value));

    expect((items[0] as RecordItem).record.leader).toBe(LEADER);
    expect((items[0] as RecordItem).record.fields).toEqual(expected);
  });
});
