import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readMarc } from '../../../src/marc/formats';
import type { RecordItem } from '../../../src/marc/read-item';
import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { readMarcXml } from '../../../src/marc/readers/marcxml.reader';
import type { MarcRecord } from '../../../src/marc/record';
import { bytesSource } from '../../../src/marc/source';
import {
  DAMAGED_EACC,
  DAMAGED_EACC_880A,
  DAMAGED_EACC_DROPPED,
  LATIN1_AS_MARC8,
  STRAY_BYTE,
} from '../../fixtures/marc8-damage';
import { collect, recordsOf } from '../../support/collect';

async function readOne(bytes: Buffer, options = {}): Promise<RecordItem> {
  const items = recordsOf(await collect(readIso2709(bytesSource(bytes), options)));
  expect(items).toHaveLength(1);
  return items[0] as RecordItem;
}

const allValues = (record: MarcRecord): string[] =>
  record.fields.flatMap((f) => ('value' in f ? [f.value] : f.subfields.map((s) => s.value)));

describe('MARC-8 records with invalid sequences', () => {
  test('when an EACC 880 holds an undefined code, a stray control and a cut-short character, then every valid character decodes and the rest is dropped with one warning for the field', async () => {
    const { record, warnings } = await readOne(DAMAGED_EACC);

    expect(record.getSubfield('880', 'a')).toBe(DAMAGED_EACC_880A);
    expect(record.getSubfield('245', 'a')).toBe('Beikoku no tōchi no shikumi :');
    expect(warnings).toEqual([{ code: 'charset_bad_marc8', message: DAMAGED_EACC_DROPPED }]);
    expect(allValues(record).join('')).not.toMatch(/[\u001b\ufffd]/);
  });

  test('when a ligature spans two letters and a second half stands alone, then they read as LoC maps them (EC alone is U+FE21)', async () => {
    const { record } = await readOne(DAMAGED_EACC);

    expect(record.getSubfield('500', 'a')).toBe('Petrushevskai\u0361a; a lone half: ts\ufe21.');
  });

  test('when a record without escapes is valid ANSEL but for one stray byte, then it stays MARC-8 and only that byte is dropped', async () => {
    const { record, warnings } = await readOne(STRAY_BYTE);

    expect(record.getSubfield('100', 'a')).toBe('Bartók, Béla,');
    expect(record.getSubfield('245', 'a')).toBe('Dvořák : Život');
    expect(warnings).toEqual([
      { code: 'charset_bad_marc8', message: 'field 245: 1 invalid MARC-8 sequence(s) dropped (FF)' },
    ]);
  });

  test('when most 8-bit bytes of a record without escapes are no MARC-8, then the whole record is read as Latin-1 with one warning', async () => {
    const { record, warnings } = await readOne(LATIN1_AS_MARC8);

    expect(record.getSubfield('100', 'a')).toBe('Müller, Jürgen');
    expect(record.getSubfield('245', 'a')).toBe('Öffentliche Bücherei');
    // Valid MARC-8 on its own (E9 is a háček, E7 a dot above), but the record is Latin-1.
    expect(record.getSubfield('500', 'a')).toBe('Résumé en français');
    expect(warnings.map((w) => w.code)).toEqual(['charset_latin1_assumed']);
  });

  test('when MARC-8 is named rather than sniffed, then even a Latin-1 record is read as MARC-8, its bad bytes dropped', async () => {
    const { record, warnings } = await readOne(LATIN1_AS_MARC8, { charset: 'marc8' });

    expect(record.getSubfield('100', 'a')).toBe('Mller, Jrgen');
    expect(warnings.map((w) => w.code)).toEqual(['charset_bad_marc8', 'charset_bad_marc8']);
  });

  test('when the records come through readMarc (files and HTTP bodies alike), then the warnings keep their codes', async () => {
    const items = recordsOf(
      await collect(readMarc(bytesSource(Buffer.concat([DAMAGED_EACC, STRAY_BYTE, LATIN1_AS_MARC8])))),
    );

    expect(items.map((i) => i.warnings.map((w) => w.code))).toEqual([
      ['charset_bad_marc8'],
      ['charset_bad_marc8'],
      ['charset_latin1_assumed'],
    ]);
  });
});

const yaz = spawnSync('yaz-marcdump', ['-V'], { encoding: 'utf8' });
const yazAvailable = !yaz.error && yaz.status === 0;
if (!yazAvailable) process.stderr.write('yaz comparison SKIPPED: yaz-marcdump not installed\n');

(yazAvailable ? describe : describe.skip)('the damaged MARC-8 fixtures against yaz-marcdump', () => {
  test('when yaz-marcdump -f marc-8 reads them, then its values are ours, but for the lone ligature half yaz drops', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stacks-yaz-'));
    try {
      const file = path.join(dir, 'damaged.mrc');
      writeFileSync(file, Buffer.concat([DAMAGED_EACC, STRAY_BYTE]));
      const out = spawnSync('yaz-marcdump', ['-f', 'marc-8', '-t', 'utf-8', '-o', 'marcxml', file]);
      const theirs = recordsOf(await collect(readMarcXml(bytesSource(out.stdout)))).map((i) => i.record);
      const ours = recordsOf(await collect(readIso2709(bytesSource(readFileSync(file))))).map(
        (i) => i.record,
      );

      const differing = ours.flatMap((r, i) =>
        allValues(r)
          .map((v, k) => [v, allValues(theirs[i] as MarcRecord)[k]?.normalize('NFC')])
          .filter(([a, b]) => a !== b),
      );

      expect(differing).toEqual([
        ['Petrushevskai\u0361a; a lone half: ts\ufe21.', 'Petrushevskai\u0361a; a lone half: ts.'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
