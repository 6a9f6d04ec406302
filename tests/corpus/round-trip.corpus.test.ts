import { readFileSync } from 'node:fs';
import type { ByteSource, ReadItem } from '../../src/marc/read-item';
import { readIso2709 } from '../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../src/marc/readers/marcxml.reader';
import { readMarcInJson } from '../../src/marc/readers/mij.reader';
import { readMrk } from '../../src/marc/readers/mrk.reader';
import { MarcRecord, isControlField, type Field } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { marcXmlWriter, toMarcXml } from '../../src/marc/writers/marcxml.writer';
import { marcInJsonText, mijWriter } from '../../src/marc/writers/mij.writer';
import { mrkWriter } from '../../src/marc/writers/mrk.writer';
import type { MarcWriter } from '../../src/marc/writers/writer';
import { collect, recordsOf } from '../support/collect';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRowsOfFormat } from '../support/manifest';

/**
 * Every record the corpus ISO 2709 and MARCXML files yield without a warning goes model → format →
 * model through each text format, and must come back equal: leader (but for its lengths and
 * addresses, 00–04 and 12–16), tags, indicators, subfield codes and values, in order.
 */

type Target = 'marcxml' | 'json' | 'mrk';

interface Codec {
  writer: MarcWriter;
  read(source: ByteSource): AsyncIterable<ReadItem>;
  /** What the format is documented to change, applied to the original before comparing. */
  expected(record: MarcRecord): MarcRecord;
}

// XML 1.0 cannot carry C0 controls; the writer maps them to Control Pictures (see xml-escape.ts).
const XML_UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const picture = (c: string): string => String.fromCharCode(0x2400 + c.charCodeAt(0));

function mapValues(record: MarcRecord, map: (value: string) => string): MarcRecord {
  const fields = record.fields.map((f): Field =>
    isControlField(f)
      ? { tag: f.tag, value: map(f.value) }
      : { ...f, subfields: f.subfields.map((s) => ({ code: s.code, value: map(s.value) })) },
  );
  return new MarcRecord(record.leader, fields);
}

const CODECS: Record<Target, Codec> = {
  marcxml: {
    writer: marcXmlWriter(),
    read: (s) => readMarcXml(s),
    expected: (r) => mapValues(r, (v) => v.replace(XML_UNWRITABLE, picture)),
  },
  json: { writer: mijWriter({ lines: true }), read: (s) => readMarcInJson(s), expected: (r) => r },
  mrk: {
    writer: mrkWriter(),
    read: (s) => readMrk(s),
    // The MRK writer declares its UTF-8 text with leader/09 `a` (mrk.writer.ts).
    expected: (r) => new MarcRecord(r.leader.slice(0, 9) + 'a' + r.leader.slice(10), r.fields),
  },
};

/** Records that do not survive, with the reason; the test fails if this list is wrong either way. */
const KNOWN_FAILURES: Record<string, { targets: Target[]; why: string }> = {
  // ruby-marc/no-leading-zero.xml's tag "42" used to be here; readers now pad 1–2 digit tags (042) with a warning.
};

/** The leader without its record length (00–04) and base address (12–16). */
const leaderKey = (leader: string): string => leader.slice(5, 12) + leader.slice(17);

function comparable(record: MarcRecord): { leader: string; fields: Field[] } {
  return { leader: leaderKey(record.leader), fields: record.fields };
}

interface Source {
  file: string;
  records: Array<{ id: string; record: MarcRecord }>;
}

async function cleanRecords(format: 'iso2709' | 'marcxml'): Promise<Source[]> {
  const read = format === 'iso2709' ? readIso2709 : readMarcXml;
  const sources: Source[] = [];
  for (const row of manifestRowsOfFormat(format)) {
    const items = await collect(read(bytesSource(readFileSync(corpusPath(row.file)))));
    const records = recordsOf(items)
      .filter((i) => i.warnings.length === 0)
      .map((i) => ({ id: `${row.file}#${i.recordNumber}`, record: i.record }));
    sources.push({ file: row.file, records });
  }
  return sources;
}

/**
 * One file's clean records through one format, written as one collection and read back in one pass.
 * Returns the ids of the records that did not come back equal (or could not be written).
 */
async function failuresThrough(target: Target, source: Source): Promise<string[]> {
  const codec = CODECS[target];
  const failed: string[] = [];
  const written: Array<{ id: string; record: MarcRecord; text: string }> = [];
  for (const { id, record } of source.records) {
    try {
      written.push({ id, record, text: codec.writer.write(record) as string });
    } catch {
      failed.push(id);
    }
  }
  const { writer } = codec;
  const text = writer.begin() + written.map((w) => w.text).join('') + writer.end();
  const back = await collect(codec.read(bytesSource(text)));
  if (back.length !== written.length) return written.map((w) => w.id).concat(failed);
  written.forEach((w, i) => {
    const item = back[i]!;
    const same =
      item.ok &&
      item.warnings.length === 0 &&
      JSON.stringify(comparable(item.record)) === JSON.stringify(comparable(codec.expected(w.record)));
    if (!same) failed.push(w.id);
  });
  return failed;
}

function expectedFailures(target: Target): string[] {
  return Object.entries(KNOWN_FAILURES)
    .filter(([, known]) => known.targets.includes(target))
    .map(([id]) => id);
}

describeCorpus('lossless round trips through every text format (corpus ISO 2709 and MARCXML)', () => {
  let iso: Source[] = [];
  let xml: Source[] = [];
  const count = (sources: Source[]): number => sources.reduce((n, s) => n + s.records.length, 0);

  beforeAll(async () => {
    iso = await cleanRecords('iso2709');
    xml = await cleanRecords('marcxml');
  });

  test('when the corpus is read, then there are thousands of clean records to carry', () => {
    expect(count(iso)).toBeGreaterThan(10_000);
    expect(count(xml)).toBeGreaterThan(1_500);
  });

  test.each(['marcxml', 'json', 'mrk'] as const)(
    'when every clean record goes model → %s → model, then it comes back equal (but for the known failures)',
    async (target) => {
      const failed: string[] = [];
      for (const source of [...iso, ...xml]) failed.push(...(await failuresThrough(target, source)));

      expect(failed.sort()).toEqual(expectedFailures(target).sort());
    },
  );

  test('when a record with a C0 control in a value goes through MARCXML, then exactly those become Control Pictures', async () => {
    const record = new MarcRecord('00000nam a2200000 a 4500', [
      { tag: '007', value: '\u001fav\u001fbf' },
      { tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'tab\there\u001b' }] },
    ]);

    const [back] = recordsOf(await collect(readMarcXml(bytesSource(toMarcXml(record)))));

    expect(back?.record.fields).toEqual([
      { tag: '007', value: '␟av␟bf' },
      { tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'tab\there␛' }] },
    ]);
  });

  test('when every clean MARCXML record goes MARCXML → MiJ → MARCXML, then our XML text is identical', async () => {
    const mismatched: string[] = [];
    for (const { records } of xml) {
      const text = records.map((r) => `${marcInJsonText(r.record)}\n`).join('');
      const viaJson = await collect(readMarcInJson(bytesSource(text)));
      records.forEach(({ id, record }, i) => {
        const item = viaJson[i];
        if (!item?.ok || toMarcXml(item.record) !== toMarcXml(record)) mismatched.push(id);
      });
    }

    expect(mismatched).toEqual(expectedFailures('json'));
  });
});
