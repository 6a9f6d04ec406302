import { readFileSync } from 'node:fs';
import type { ByteSource, ReadItem } from '../../src/marc/read-item';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../src/marc/readers/marcxml.reader';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { readMrk } from '../../src/marc/readers/mrk.reader';
import { BLANK_LEADER, MarcRecord, type Field } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { toMarcInJson } from '../../src/marc/writers/mij.writer';
import { collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';

/**
 * NatLibFi's @natlibfi/marc-record-serializers fixtures (corpus/natlibfi, see MANIFEST.md): reader
 * pairs (a serialisation → the record's text form, or → their JSON), writer pairs (text form →
 * XML, compared as parsed records, never as layout), and erroneous inputs.
 */

type Format = 'iso2709' | 'marcxml' | 'json';
type Reader = (source: ByteSource) => AsyncIterable<ReadItem>;

const READERS: Record<Format, Reader> = {
  iso2709: (s) => readIso2709(s),
  marcxml: (s) => readMarcXml(s),
  json: (s) => readMarcInJson(s),
};

/** Input → expected records: `text` is their MarcRecord.toString() form, `json` their JSON writer's. */
const READER_PAIRS: Array<[from: string, to: string, format: Format, expected: 'text' | 'json']> = [
  ['iso2709/from1', 'iso2709/to1', 'iso2709', 'text'],
  ['iso2709/from3', 'iso2709/to3', 'iso2709', 'text'],
  ['iso2709/in-custom-validators', 'iso2709/out-custom-validators', 'iso2709', 'json'],
  ['json/from1', 'json/to1', 'json', 'text'],
  // A lone object rather than an array: the same record as from1.
  ['json/from_single', 'json/to1', 'json', 'text'],
  ['json/in-custom-validators', 'json/out-custom-validators', 'json', 'json'],
  ['marcxml/from1', 'marcxml/to1', 'marcxml', 'text'],
  ['marcxml/from2', 'marcxml/to2', 'marcxml', 'text'],
  ['marcxml/from4', 'marcxml/to4', 'marcxml', 'text'],
  ['marcxml/2RecordsFrom1', 'marcxml/2RecordsTo1', 'marcxml', 'text'],
  ['marcxml/from-namespace-xml1', 'marcxml/to-namespace-xml1', 'marcxml', 'text'],
  ['marcxml/in-custom-validators', 'marcxml/out-custom-validators', 'marcxml', 'json'],
];

/** Their text form → what they wrote: our writer's output and theirs must parse to equal records. */
const WRITER_PAIRS: Array<[from: string, to: string, format: 'marcxml' | 'json']> = [
  ['marcxml/from-indent', 'marcxml/to-indent', 'marcxml'],
  ['marcxml/from-no-xml-decl', 'marcxml/to-no-xml-decl', 'marcxml'],
  ['marcxml/from-custom-validation', 'marcxml/to-custom-validation', 'marcxml'],
  ['text/in-custom-validators', 'text/out-custom-validators', 'json'],
];

/** Inputs that must fail or yield nothing, with the reader of the format they pretend to be. */
const ERRONEOUS: Array<[file: string, format: Format]> = [
  ['iso2709/erroneous', 'iso2709'],
  ['json/erroneous', 'json'],
  ['marcxml/erroneous', 'marcxml'],
  ['oai-marcxml/erroneous1', 'marcxml'],
  ['oai-marcxml/erroneous2', 'marcxml'],
];

/** Where we knowingly do otherwise than NatLibFi. */
const DIFFERENCES: Array<[file: string, what: string, why: string]> = [
  [
    'marcxml/from4',
    'leader',
    'an empty <leader/> stays "" for NatLibFi; our model always holds 24 leader characters, so the blank leader is assumed with a leader_repaired warning',
  ],
  [
    'json/erroneous',
    'yields a record too',
    'NatLibFi fails on the junk before the object; our reader reports the junk as an error item and goes on to read the well-formed object after it (damage is contained, not fatal)',
  ],
];

/** Fixtures we do not check, and why. */
const SKIPPED: Array<[files: string[], why: string]> = [
  [
    ['text/from1', 'text/to1', 'text/from_multiple', 'text/from_multiple2', 'text/to_multiple2'],
    'tests of their text serialiser and its reader options; the text form is no Stacks format (we parse it only as expected-output notation)',
  ],
  [
    ['text/to_multiple1', 'text/in-custom-validators', 'text/erroneous', 'text/no-ldr'],
    'the same; in-custom-validators is used as writer input below, and the erroneous ones only to check that our MRK reader takes nothing from them',
  ],
  [
    [
      'oai-marcxml/from1',
      'oai-marcxml/to1',
      'oai-marcxml/in-custom-validators',
      'oai-marcxml/out-custom-validators',
    ],
    'oai_marc (`fixfield`/`varfield`) is OAI-PMH’s older MARC vocabulary, not MARCXML; we have no reader or writer for it (our MARCXML reader finds no record in it, checked below)',
  ],
  [
    ['oai-marcxml/from-no-xml-decl', 'oai-marcxml/to-no-xml-decl'],
    'an oai_marc writer test; we write no oai_marc',
  ],
];

const read = (file: string): Buffer => readFileSync(corpusPath(`natlibfi/${file}`));

/** One line of the text form: `LDR    leader`, `001    value`, `245 10 ‡aTitle‡bsub`. */
function textField(line: string): Field {
  const tag = line.slice(0, 3);
  const body = line.slice(7);
  if (!body.startsWith('‡')) return { tag, value: body.normalize('NFC') };
  const subfields = body
    .split('‡')
    .slice(1)
    .map((s) => ({ code: s.slice(0, 1), value: s.slice(1).normalize('NFC') }));
  return { tag, ind1: line[4] ?? ' ', ind2: line[5] ?? ' ', subfields };
}

/** NatLibFi's MarcRecord.toString() text: each `LDR` line starts a record. */
function parseTextForm(text: string): MarcRecord[] {
  const records: MarcRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('LDR')) records.push(new MarcRecord(line.slice(7), []));
    else if (records.length === 0) throw new Error(`text form line before any LDR: ${line}`);
    else records[records.length - 1]!.fields.push(textField(line));
  }
  return records;
}

async function items(file: string, format: Format): Promise<ReadItem[]> {
  return collect(READERS[format](bytesSource(read(file))));
}

async function records(source: Buffer | string, format: Format): Promise<MarcRecord[]> {
  const all = await collect(READERS[format](bytesSource(source)));
  expect(all.filter((i) => !i.ok)).toEqual([]);
  return recordsOf(all).map((i) => i.record);
}

async function expectedRecords(file: string, kind: 'text' | 'json'): Promise<MarcRecord[]> {
  return kind === 'text' ? parseTextForm(read(file).toString('utf8')) : records(read(file), 'json');
}

const differsIn = (file: string, what: string): boolean =>
  DIFFERENCES.some(([f, w]) => f === file && w === what);

describeCorpus('NatLibFi marc-record-serializers fixtures', () => {
  test('when the text form is parsed, then control fields, indicators and empty subfields come out right', () => {
    const [record] = parseTextForm(
      'LDR    00000ngm  2200000   4500\n001    123456\n245 04 ‡aTesti /‡b‡c nvolk.\n',
    );

    expect(record?.leader).toBe('00000ngm  2200000   4500');
    expect(record?.fields).toEqual([
      { tag: '001', value: '123456' },
      {
        tag: '245',
        ind1: '0',
        ind2: '4',
        subfields: [
          { code: 'a', value: 'Testi /' },
          { code: 'b', value: '' },
          { code: 'c', value: ' nvolk.' },
        ],
      },
    ]);
  });

  test.each(READER_PAIRS)(
    'when %s is read, then it gives the records of %s (%s reader)',
    async (from, to, format, kind) => {
      const expected = await expectedRecords(to, kind);

      const got = await items(from, format);

      const ours = recordsOf(got);
      expect(got.filter((i) => !i.ok)).toEqual([]);
      expect(ours.map((i) => i.record.fields)).toEqual(expected.map((r) => r.fields));
      if (differsIn(from, 'leader')) {
        expect(ours.map((i) => i.record.leader)).toEqual(expected.map(() => BLANK_LEADER));
        expect(ours[0]?.warnings.map((w) => w.code)).toEqual(['leader_repaired']);
      } else {
        expect(ours.map((i) => i.record.leader)).toEqual(expected.map((r) => r.leader));
        expect(ours.flatMap((i) => i.warnings)).toEqual([]);
      }
    },
  );

  test.each(WRITER_PAIRS)(
    'when the text form %s is written by our writer, then it parses to the same records as %s (%s)',
    async (from, to, format) => {
      const input = parseTextForm(read(from).toString('utf8'));
      const theirs = await records(read(to), format);

      const written = input.map((r) =>
        format === 'marcxml' ? toMarcXml(r) : JSON.stringify(toMarcInJson(r)),
      );

      const ours = (await Promise.all(written.map((text) => records(text, format)))).flat();
      expect(ours).toEqual(theirs);
      expect(ours).toEqual(input);
    },
  );

  test.each(ERRONEOUS)(
    'when the erroneous %s is read by the %s reader, then it yields an error item or no record, and never throws',
    async (file, format) => {
      const got = await items(file, format);

      const errors = got.filter((i) => !i.ok);
      if (differsIn(file, 'yields a record too')) expect(errors.length).toBeGreaterThan(0);
      else expect(errors.length > 0 || recordsOf(got).length === 0).toBe(true);
      expect(recordsOf(got).every((i) => i.record.fields.length > 0)).toBe(true);
    },
  );

  test.each(['oai-marcxml/from1', 'oai-marcxml/in-custom-validators', 'oai-marcxml/to-no-xml-decl'])(
    'when the oai_marc file %s is read as MARCXML, then nothing is taken from it and nothing fails',
    async (file) => {
      expect(await items(file, 'marcxml')).toEqual([]);
    },
  );

  test.each(['text/erroneous', 'text/no-ldr'])(
    'when the erroneous text %s is given to the MRK reader, then it yields no record and does not throw',
    async (file) => {
      const got = await collect(readMrk(bytesSource(read(file))));

      expect(recordsOf(got)).toEqual([]);
    },
  );

  test('when the DIFFERENCES and SKIPPED tables are checked, then they name fixtures that exist and are used', () => {
    const used = new Set([...READER_PAIRS.map((p) => p[0]), ...ERRONEOUS.map((e) => e[0])]);

    expect(DIFFERENCES.filter(([file]) => !used.has(file))).toEqual([]);
    for (const [files, why] of SKIPPED) {
      expect(why.length).toBeGreaterThan(20);
      for (const file of files) expect(read(file).length).toBeGreaterThan(0);
    }
  });
});
