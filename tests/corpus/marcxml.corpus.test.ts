import { readFileSync } from 'node:fs';
import { readMarcXml } from '../../src/marc/readers/marcxml.reader';
import type { ReadItem } from '../../src/marc/read-item';
import type { MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { marcXmlWriter } from '../../src/marc/writers/marcxml.writer';
import { chunked, collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRowsOfFormat } from '../support/manifest';

/**
 * Files where the MANIFEST's count (every `<record>` element, commented out or not, MARC or not)
 * is not the number of MARC records, with the number of items we do yield and why.
 */
const NOT_MARC_COUNT: Record<string, { items: number; why: string }> = {
  'traject/namespace-test.xml': {
    items: 0,
    why: 'its <record> is in another namespace and holds no MARC fields',
  },
  'traject/oai-pmh-one-record-2.xml': { items: 0, why: 'OAI-PMH records carrying Dublin Core, not MARC' },
  'traject/oai-pmh-one-record-first.xml': { items: 0, why: 'OAI-PMH records carrying Dublin Core, not MARC' },
  'traject/sample-oai-no-namespace.xml': { items: 0, why: 'OAI-PMH records carrying Dublin Core, not MARC' },
  'marc2bibframe2/ConvSpec-Process6-Series/marc.xml': {
    items: 4,
    why: 'five of its nine records are inside a comment',
  },
};

/** Known-damaged files: what each must produce instead of a clean record. */
const DAMAGED: [file: string, expectation: string][] = [
  ['marc4j/chabon-missing-controlfield-tag.xml', 'error:<controlfield> without a tag attribute'],
  ['marc4j/chabon-missing-datafield-tag.xml', 'error:unexpected element <subfields>'],
  ['marc4j/chabon-bad-subfields-element.xml', 'error:unexpected element <subfields>'],
  ['marc4j/cruel-cruel-indicatorless-summerland.xml', 'warning:field_recovered'],
  ['marc-perl/marc-xml/invalid.xml', 'error:<datafield> outside any <record>'],
  ['marc-perl/marc-xml/empty-record.xml', 'error:empty record'],
  ['marc-perl/marc-xml/empty-record-2.xml', 'error:empty record'],
  ['ruby-marc/messed_up_leader.xml', 'clean'], // the damage is a `<` inside leader/17, which is legal XML
  ['natlibfi/marcxml/erroneous', 'error:<leader> outside any <record>'],
  ['natlibfi/marcxml/from4', 'warning:leader_repaired'],
  ['pymarc/bad_tag.xml', 'warning:leader_repaired'],
];

function readFile(file: string): Promise<ReadItem[]> {
  return collect(readMarcXml(bytesSource(readFileSync(corpusPath(file)))));
}

/** Per item: `clean`, `warning:<code>` for each warning, or `error:<message>`. */
function summary(items: ReadItem[]): string[] {
  return items.flatMap((i) => {
    if (!i.ok) return [`error:${i.message}`];
    return i.warnings.length === 0 ? ['clean'] : i.warnings.map((w) => `warning:${w.code}`);
  });
}

async function writtenAndReadBack(records: MarcRecord[], pretty: boolean): Promise<MarcRecord[]> {
  const writer = marcXmlWriter({ pretty });
  const xml = writer.begin() + records.map((r) => writer.write(r) as string).join('') + writer.end();
  return recordsOf(await collect(readMarcXml(bytesSource(xml)))).map((i) => i.record);
}

describeCorpus('MARCXML reader and writer on the shared corpus', () => {
  const rows = manifestRowsOfFormat('marcxml');

  test('the manifest lists the MARCXML files', () => {
    expect(rows.length).toBeGreaterThan(100);
  });

  test.each(rows.map((r) => [r.file, r.records ?? 0] as const))(
    '%s: yields at least the manifest count of %d without throwing',
    async (file, count) => {
      const items = await readFile(file);

      const exception = NOT_MARC_COUNT[file];
      if (exception) expect(items).toHaveLength(exception.items);
      else expect(items.length).toBeGreaterThanOrEqual(count);
      for (const r of recordsOf(items)) expect(r.record.leader).toHaveLength(24);
    },
  );

  test.each(DAMAGED)('%s is reported as damaged, not a crash', async (file, expectation) => {
    const items = await readFile(file);

    expect(summary(items).some((s) => s.startsWith(expectation))).toBe(true);
  });

  test.each(['0', '1', '2', '3', '4', '5', '6', '8', '11'])(
    'yaz marc%s.xml and its re-read xml2marc%s.xml give equal records',
    async (n) => {
      const pretty = await readFile(`yaz/marc-files/marc${n}.xml`);
      const compact = await readFile(`yaz/marc-files/xml2marc${n}.xml`);

      expect(pretty.length).toBeGreaterThan(0);
      expect(recordsOf(compact).map((i) => i.record)).toEqual(recordsOf(pretty).map((i) => i.record));
    },
  );

  test.each(['0', '5', '6', '8'])(
    'our pretty output of yaz marc%s.xml is byte for byte what yaz wrote',
    async (n) => {
      const yaz = readFileSync(corpusPath(`yaz/marc-files/marc${n}.xml`), 'utf8');
      const writer = marcXmlWriter();
      const records = recordsOf(await readFile(`yaz/marc-files/marc${n}.xml`)).map((i) => i.record);

      const ours = writer.begin() + records.map((r) => writer.write(r) as string).join('') + writer.end();

      // The one deliberate difference in layout: we lead with an XML declaration.
      expect(ours.replace(/^<\?xml[^>]*>\n/, '')).toBe(yaz);
    },
  );

  test('every MARCXML record in the corpus survives writing and reading back, pretty and compact', async () => {
    let total = 0;
    for (const row of rows) {
      const records = recordsOf(await readFile(row.file)).map((i) => i.record);
      expect(await writtenAndReadBack(records, true)).toEqual(records);
      expect(await writtenAndReadBack(records, false)).toEqual(records);
      total += records.length;
    }
    expect(total).toBeGreaterThan(2000);
  });

  test('when a file with right-to-left and combining text arrives in 1- and 7-byte chunks, then it reads as a whole', async () => {
    const bytes = readFileSync(corpusPath('marc4j/azdoud.xml'));
    const whole = await collect(readMarcXml(bytesSource(bytes)));

    expect(await collect(readMarcXml(chunked(bytes, 1)))).toEqual(whole);
    expect(await collect(readMarcXml(chunked(bytes, 7)))).toEqual(whole);
  });
});
