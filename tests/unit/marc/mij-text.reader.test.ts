import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readMarc } from '../../../src/marc/formats';
import { recordFromMarcInJson } from '../../../src/marc/readers/mij-record';
import { recordFromMarcInJsonText } from '../../../src/marc/readers/mij-text.reader';
import { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import { marcInJsonText } from '../../../src/marc/writers/mij.writer';
import { sampleBooks } from '../../support/books';
import { collect, recordsOf } from '../../support/collect';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'ingest', 'samples', 'samples.mrc');

describe('recordFromMarcInJsonText', () => {
  test('when text marcInJsonText wrote is read, then the record is what the checking reader makes of it', async () => {
    const read = recordsOf(await collect(readMarc(bytesSource(readFileSync(SAMPLES)))));
    const records = [...sampleBooks(), ...read.map((i) => i.record)];
    expect(records.length).toBeGreaterThan(100);
    for (const record of records) {
      const text = marcInJsonText(record);
      const fast = recordFromMarcInJsonText(text);
      expect(fast).toBeInstanceOf(MarcRecord);
      expect(fast).toEqual(recordFromMarcInJson(JSON.parse(text)).record);
    }
  });

  test('when a record has a third indicator, then it is kept', () => {
    const record = new MarcRecord('00000nam a3300000 a 4500', [
      { tag: '245', ind1: '1', ind2: '0', ind3: '2', subfields: [{ code: 'a', value: 'Title' }] },
    ]);
    expect(recordFromMarcInJsonText(marcInJsonText(record)).fields).toEqual(record.fields);
  });

  test('when the text has another shape, then the checking reader reads it, repairs and all', () => {
    const tagged = { leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: 'x1' }] };
    expect(recordFromMarcInJsonText(JSON.stringify(tagged)).fields).toEqual([{ tag: '001', value: 'x1' }]);
    const folio = {
      leader: '00000nam a2200000 a 4500',
      fields: [{ '245': { ind1: '\\', ind2: '0', subfields: [{ a: 'T' }] } }],
    };
    // FOLIO's `\` for a blank indicator is a repair the checking reader makes; so is it here.
    const fast = recordFromMarcInJsonText(JSON.stringify(folio));
    expect(fast.fields[0]).toMatchObject({ tag: '245', ind1: ' ', ind2: '0' });
  });
});
