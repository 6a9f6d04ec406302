import { readFileSync } from 'node:fs';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { MarcRecord, type DataField, type Field } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { mijWriter } from '../../src/marc/writers/mij.writer';
import { chunked, collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRowsOfFormat } from '../support/manifest';

/** MARC-in-JSON files the MANIFEST lists only as paired files of another format. */
const PAIRED: Array<[file: string, records: number]> = [
  ['marc4j/summerland-marc-in-json.json', 1],
  ['marc4j/summerland-marc-in-json-indented.json', 1],
  ['pymarc/one.json', 1],
];

/** Files that are not valid JSON records at all, and must say so with an error item. */
const DAMAGED = new Set(['marc4j/marc-json.json', 'natlibfi/json/erroneous']);

const YAZ_SETS = ['0', '1', '11', '2', '3', '4', '5', '6', '8'];

async function readJsonFile(file: string) {
  return collect(readMarcInJson(bytesSource(readFileSync(corpusPath(file)))));
}

function unescapeXml(text: string): string {
  const plain = text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] as string;
  });
  // yaz leaves decomposed characters decomposed; readers here hand out NFC.
  return plain.normalize('NFC');
}

/** yaz's own MARCXML output, read crudely with regular expressions (one record per file), NFC. */
function yazXml(file: string): MarcRecord {
  const xml = readFileSync(corpusPath(file), 'utf8');
  const leader = /<leader>([^<]*)<\/leader>/.exec(xml)?.[1] ?? '';
  const fields: Field[] = [];
  const element =
    /<controlfield tag="([^"]*)">([^<]*)<\/controlfield>|<datafield ([^>]*)>([\s\S]*?)<\/datafield>/g;
  for (const m of xml.matchAll(element)) {
    if (m[1] !== undefined) {
      fields.push({ tag: unescapeXml(m[1]), value: unescapeXml(m[2] ?? '') });
      continue;
    }
    const attr = (name: string) => {
      const v = new RegExp(`${name}="([^"]*)"`).exec(m[3] ?? '')?.[1];
      return v === undefined ? undefined : unescapeXml(v);
    };
    const subfields = [...(m[4] ?? '').matchAll(/<subfield code="([^"]*)">([^<]*)<\/subfield>/g)].map(
      (s) => ({
        code: unescapeXml(s[1] ?? ''),
        value: unescapeXml(s[2] ?? ''),
      }),
    );
    const field: DataField = {
      tag: attr('tag') ?? '',
      ind1: attr('ind1') ?? ' ',
      ind2: attr('ind2') ?? ' ',
      subfields,
    };
    const ind3 = attr('ind3');
    if (ind3 !== undefined) field.ind3 = ind3;
    fields.push(field);
  }
  return new MarcRecord(leader, fields);
}

describeCorpus('MARC-in-JSON reader on the shared corpus', () => {
  const rows = manifestRowsOfFormat('json').map((r) => [r.file, r.records ?? 0] as [string, number]);

  test('the manifest lists the JSON files', () => {
    expect(rows.length).toBeGreaterThanOrEqual(14);
  });

  test.each([...rows, ...PAIRED])('%s: reads at least its %i record(s)', async (file, expected) => {
    const items = await readJsonFile(file);
    const records = recordsOf(items);

    expect(records.length).toBeGreaterThanOrEqual(expected);
    for (const r of records) expect(r.record.leader).toHaveLength(24);
    if (DAMAGED.has(file)) expect(items.some((i) => !i.ok)).toBe(true);
    else expect(items.filter((i) => !i.ok)).toEqual([]);
  });

  test.each(YAZ_SETS)('yaz marc%s.json holds what yaz wrote to its MARCXML twin', async (n) => {
    const records = recordsOf(await readJsonFile(`yaz/marc-files/marc${n}.json`)).map((i) => i.record);
    const xml = yazXml(`yaz/marc-files/marc${n}.xml`);

    expect(records).toHaveLength(1);
    const json = records[0] as MarcRecord;
    expect(json.fields).toEqual(xml.fields);
    // yaz rewrites leader/09 to `a` in its XML output only.
    expect(json.leader.slice(0, 9) + json.leader.slice(10)).toBe(
      xml.leader.slice(0, 9) + xml.leader.slice(10),
    );
  });

  test('the largest JSON file read in 4 KiB chunks equals the one-chunk read', async () => {
    const bytes = readFileSync(corpusPath('folio-mod-data-import/ChalmersFOLIOExamples.json'));

    const whole = recordsOf(await collect(readMarcInJson(bytesSource(bytes)))).map((i) => i.record);
    const pieces = recordsOf(await collect(readMarcInJson(chunked(bytes, 4096, 1, 333)))).map(
      (i) => i.record,
    );

    expect(whole).toHaveLength(62);
    expect(pieces).toEqual(whole);
  });

  test('every corpus JSON record written as JSON lines reads back unchanged', async () => {
    const writer = mijWriter({ lines: true });
    for (const [file] of [...rows, ...PAIRED]) {
      const records = recordsOf(await readJsonFile(file)).map((i) => i.record);
      const text = records.map((r) => writer.write(r)).join('');
      const again = recordsOf(await collect(readMarcInJson(bytesSource(text)))).map((i) => i.record);
      expect(again).toEqual(records);
    }
  });
});
