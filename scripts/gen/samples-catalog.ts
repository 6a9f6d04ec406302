import type { MarcRecord } from '../../src/marc/record';
import { toIso2709 } from '../../src/marc/writers/iso2709.writer';
import { marcXmlWriter } from '../../src/marc/writers/marcxml.writer';
import { toMarcInJson } from '../../src/marc/writers/mij.writer';
import { toMrk } from '../../src/marc/writers/mrk.writer';
import { SECTIONS } from './samples-data';
import { itemFields } from './samples-items';
import { buildRecord } from './samples-record';

/**
 * The bundled sample catalog: every entry of every section built into a record, and the records
 * dealt out to the files of ingest/samples/. Most go to ISO 2709; one in twenty each goes to
 * MARCXML, MRK and MARC-in-JSON instead, so the demo loads each reader and no record is in
 * two files.
 */

export interface SampleFile {
  name: string;
  content: Buffer;
  records: MarcRecord[];
}

export function sampleRecords(): MarcRecord[] {
  const records: MarcRecord[] = [];
  for (const section of SECTIONS) {
    section.entries.forEach((entry, i) => {
      const controlNumber = `stk${String(section.base + i + 1).padStart(6, '0')}`;
      try {
        const record = buildRecord(entry, section, controlNumber);
        const items = itemFields(entry, entry.kind ?? section.kind, controlNumber, records.length);
        // Local fields after the 8XX, before the 880s linkVernacular put last.
        const at = record.fields.findIndex((f) => f.tag === '880');
        record.fields.splice(at < 0 ? record.fields.length : at, 0, ...items);
        records.push(record);
      } catch (err) {
        throw new Error(`${section.name} #${i + 1} (${entry.t}): ${(err as Error).message}`, { cause: err });
      }
    });
  }
  return records;
}

type Target = 'mrc' | 'xml' | 'mrk' | 'json';

function targetOf(position: number): Target {
  const slot = position % 20;
  return slot === 5 ? 'xml' : slot === 12 ? 'mrk' : slot === 19 ? 'json' : 'mrc';
}

/** The files of ingest/samples/ (without the README), byte for byte what the generator writes. */
export function sampleFiles(records: MarcRecord[] = sampleRecords()): SampleFile[] {
  const by: Record<Target, MarcRecord[]> = { mrc: [], xml: [], mrk: [], json: [] };
  records.forEach((r, i) => by[targetOf(i)].push(r));
  const xml = marcXmlWriter();
  return [
    { name: 'samples.mrc', records: by.mrc, content: Buffer.concat(by.mrc.map(toIso2709)) },
    {
      name: 'samples-marcxml.xml',
      records: by.xml,
      content: Buffer.from(xml.begin() + by.xml.map((r) => xml.write(r)).join('') + xml.end()),
    },
    { name: 'samples.mrk', records: by.mrk, content: Buffer.from(by.mrk.map(toMrk).join('')) },
    {
      // Indented as prettier would leave it, since `npm run format:check` covers .json files.
      name: 'samples-mij.json',
      records: by.json,
      content: Buffer.from(JSON.stringify(by.json.map(toMarcInJson), null, 2) + '\n'),
    },
  ];
}
