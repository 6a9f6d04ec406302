import { readFileSync } from 'node:fs';
import { decodeMarc8 } from '../../src/marc/charset/marc8.decoder';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { readMrk } from '../../src/marc/readers/mrk.reader';
import { MarcRecord, type Field } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { mijWriter } from '../../src/marc/writers/mij.writer';
import { toMrk } from '../../src/marc/writers/mrk.writer';
import { chunked, collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRowsOfFormat } from '../support/manifest';

/** Mnemonic files the MANIFEST lists only as the paired file of a binary one. */
const PAIRED: Array<[file: string, records: number]> = [
  ['marc4j/brkrtest.mrk', 8],
  ['marc-perl/marc-marcmaker/camel.mrk', 10],
  ['marc4j/u17_marc4j.mrk8', 1],
];

async function readMrkFile(file: string): Promise<MarcRecord[]> {
  const items = await collect(readMrk(bytesSource(readFileSync(corpusPath(file)))));
  expect(items.filter((i) => !i.ok)).toEqual([]);
  return recordsOf(items).map((i) => i.record);
}

/**
 * The simplest possible ISO 2709 split (leader, directory, 0x1F/0x1E/0x1D), independent of the
 * project's ISO reader, so the comparison checks the mnemonic reader against the bytes themselves.
 */
function naiveIso2709(bytes: Buffer, decode: (value: Buffer) => string): MarcRecord[] {
  const records: MarcRecord[] = [];
  for (let pos = 0, end = bytes.indexOf(0x1d); end > 0; pos = end + 1, end = bytes.indexOf(0x1d, pos)) {
    const rec = bytes.subarray(pos, end + 1);
    const leader = rec.toString('latin1', 0, 24);
    const base = Number(leader.slice(12, 17));
    const fields: Field[] = [];
    for (let d = 24; rec[d] !== 0x1e; d += 12) {
      const tag = rec.toString('latin1', d, d + 3);
      const start = base + Number(rec.toString('latin1', d + 7, d + 12));
      const body = rec.subarray(start, start + Number(rec.toString('latin1', d + 3, d + 7)) - 1);
      if (tag < '010') {
        fields.push({ tag, value: decode(body) });
        continue;
      }
      const [inds, ...parts] = split(body, 0x1f);
      const subfields = parts.map((p) => ({
        code: String.fromCharCode(p[0] as number),
        value: decode(p.subarray(1)),
      }));
      fields.push({
        tag,
        ind1: String.fromCharCode(inds?.[0] ?? 32),
        ind2: String.fromCharCode(inds?.[1] ?? 32),
        subfields,
      });
    }
    records.push(new MarcRecord(leader, fields));
  }
  return records;
}

function split(bytes: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(separator); at >= 0; from = at + 1, at = bytes.indexOf(separator, from)) {
    parts.push(bytes.subarray(from, at));
  }
  parts.push(bytes.subarray(from));
  return parts;
}

const marc8 = (value: Buffer): string => decodeMarc8(value).text;
const utf8 = (value: Buffer): string => value.toString('utf8').normalize('NFC');

describeCorpus('MRK reader on the shared corpus', () => {
  const rows = manifestRowsOfFormat('mrk (MARCMaker)').map(
    (r) => [r.file, r.records ?? 0] as [string, number],
  );

  test('the manifest lists the MARCMaker files', () => {
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  test.each([...rows, ...PAIRED])(
    '%s: reads at least its %i record(s), with no errors',
    async (file, expected) => {
      const records = await readMrkFile(file);

      expect(records.length).toBeGreaterThanOrEqual(expected);
      for (const record of records) expect(record.leader).toHaveLength(24);
    },
  );

  test('marc4j brkrtest.mrk (mnemonics) equals brkrtest.mrc (MARC-8) field for field', async () => {
    const fromMrk = await readMrkFile('marc4j/brkrtest.mrk');
    const fromIso = naiveIso2709(readFileSync(corpusPath('marc4j/brkrtest.mrc')), marc8);

    expect(fromMrk).toHaveLength(8);
    expect(fromMrk).toEqual(fromIso);
  });

  test('marc-perl camel.mrk equals camel.usmarc field for field', async () => {
    const fromMrk = await readMrkFile('marc-perl/marc-marcmaker/camel.mrk');
    const fromIso = naiveIso2709(readFileSync(corpusPath('marc-perl/marc-marcmaker/camel.usmarc')), utf8);

    expect(fromMrk).toHaveLength(10);
    expect(fromMrk).toEqual(fromIso);
  });

  test('marc4j u17_marc4j.mrk8 (UTF-8 text, literal $ as {dollar}) equals u17_utf8.mrc field for field', async () => {
    const fromMrk = await readMrkFile('marc4j/u17_marc4j.mrk8');
    const fromIso = naiveIso2709(readFileSync(corpusPath('marc4j/u17_utf8.mrc')), utf8);

    expect(fromMrk).toEqual(fromIso);
    expect(fromMrk[0]?.getSubfield('020', 'c')).toBe('Rs160.00 ($35.00 U.S.)');
  });

  test('every corpus mnemonic file survives write-then-read unchanged, apart from leader/09', async () => {
    for (const [file] of [...rows, ...PAIRED]) {
      const records = await readMrkFile(file);
      const again = recordsOf(await collect(readMrk(bytesSource(records.map(toMrk).join(''))))).map(
        (i) => i.record,
      );
      const utf8Leader = (r: MarcRecord) =>
        new MarcRecord(`${r.leader.slice(0, 9)}a${r.leader.slice(10)}`, r.fields);
      expect(again).toEqual(records.map(utf8Leader));
    }
  });

  test('brkrtest read in 7-byte chunks equals the whole-file read', async () => {
    const bytes = readFileSync(corpusPath('marc4j/brkrtest.mrk'));

    const chunkedRecords = recordsOf(await collect(readMrk(chunked(bytes, 7)))).map((i) => i.record);

    expect(chunkedRecords).toEqual(await readMrkFile('marc4j/brkrtest.mrk'));
  });

  test('brkrtest converted to MARC-in-JSON reads back to the same records', async () => {
    const records = await readMrkFile('marc4j/brkrtest.mrk');
    const writer = mijWriter({ lines: false });
    const json = writer.begin() + records.map((r) => writer.write(r)).join('') + writer.end();

    const back = recordsOf(await collect(readMarcInJson(bytesSource(json)))).map((i) => i.record);

    expect(back).toEqual(records);
  });
});
