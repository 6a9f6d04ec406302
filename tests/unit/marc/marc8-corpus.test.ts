import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeMarc8 } from '../../../src/marc/charset/marc8.decoder';
import { readIso2709 } from '../../../src/marc/readers/iso2709.reader';
import { bytesSource } from '../../../src/marc/source';
import { collect, recordsOf } from '../../support/collect';
import { corpusPath, describeCorpus } from '../../support/corpus';

interface ValueRange {
  tag: string;
  start: number;
  end: number;
}

/**
 * A deliberately naive ISO 2709 walk (records split on 0x1D, directory read from the leader's base
 * address), enough to hand the decoder every control field and subfield value. The real reader
 * lives elsewhere; this one only has to be right for the corpus files used here.
 */
function valueRanges(buf: Buffer): ValueRange[] {
  const out: ValueRange[] = [];
  for (let start = 0; start + 24 <= buf.length;) {
    let end = buf.indexOf(0x1d, start);
    if (end < 0) end = buf.length;
    const base = start + Number(buf.toString('latin1', start + 12, start + 17));
    for (let entry = start + 24; entry + 12 <= base && buf[entry] !== 0x1e; entry += 12) {
      const tag = buf.toString('latin1', entry, entry + 3);
      const fieldStart = base + Number(buf.toString('latin1', entry + 7, entry + 12));
      const fieldEnd = Math.min(fieldStart + Number(buf.toString('latin1', entry + 3, entry + 7)) - 1, end);
      if (fieldStart < fieldEnd) splitField(buf, tag, fieldStart, fieldEnd, out);
    }
    start = end + 1;
  }
  return out;
}

function splitField(buf: Buffer, tag: string, start: number, end: number, out: ValueRange[]): void {
  if (tag.startsWith('00')) {
    out.push({ tag, start, end });
    return;
  }
  for (let at = buf.indexOf(0x1f, start); at >= 0 && at < end;) {
    let next = buf.indexOf(0x1f, at + 1);
    if (next < 0 || next > end) next = end;
    out.push({ tag: `${tag}$${String.fromCharCode(buf[at + 1] ?? 0x3f)}`, start: at + 2, end: next });
    at = next;
  }
}

function decodeFile(relative: string): { tag: string; text: string; invalid: number }[] {
  const buf = readFileSync(corpusPath(relative));
  return valueRanges(buf).map((r) => ({ tag: r.tag, ...decodeMarc8(buf, r.start, r.end) }));
}

/** The MANIFEST's "MARC-8 files" that are MARC-8 throughout, plus cjk3 (escapes, 7-bit only). */
const CLEAN_MARC8 = [
  'clj-marc/loc.export',
  'evergreen/jazz_1k.mrc',
  'evergreen/lul_fre_500.mrc',
  'evergreen/oss.marc',
  'marc-perl/marc-charset/cjk3.marc',
  'marc-perl/marc-charset/cjk4.marc',
  'marc-perl/marc-charset/cyrillic.marc',
  'marc-perl/marc-charset/hebrew1.marc',
  'marc-perl/marc-charset/hebrew2.marc',
  'marc4j/brkrtest.mrc',
  'marc4j/cyrillic_capital_e.mrc',
  'marc4j/selectedRecs.mrc',
  'marc4j/u335.mrc',
  'openlibrary/test_data/bin_input/880_table_of_contents.mrc',
  'openlibrary/test_data/bin_input/histoirereligieu05cr_meta.mrc',
  'openlibrary/test_data/bin_input/lc_0444897283.mrc',
  'openlibrary/test_data/bin_input/merchantsfromcat00ben_meta.mrc',
  'pymarc/marc8.dat',
  'qa-catalogue/marc/22561.mrc',
  'traject/bad_subfield_code.marc',
  'traject/one-marc8.mrc',
];

const BAD_EACC = ['pymarc/bad_eacc_encoding.dat', 'ruby-marc/bad_eacc_encoding.marc8.marc'];

describeCorpus('decodeMarc8 over the corpus MARC-8 files', () => {
  it.each(CLEAN_MARC8)(
    'when %s is decoded value by value, then nothing is invalid and all is NFC',
    (file) => {
      const values = decodeFile(file);

      const invalid = values.filter((v) => v.invalid > 0 || v.text.includes('\ufffd'));
      const notNfc = values.filter((v) => v.text !== v.text.normalize('NFC'));

      expect(values.length).toBeGreaterThan(0);
      expect(values.some((v) => /[^\u0000-\u007f]/.test(v.text))).toBe(true);
      expect(invalid.map((v) => `${v.tag} ${v.text}`)).toEqual([]);
      expect(notNfc.map((v) => `${v.tag} ${v.text}`)).toEqual([]);
    },
  );

  it.each(BAD_EACC)('when %s (damaged EACC) is decoded, then the bad value reports invalid > 0', (file) => {
    const values = decodeFile(file);

    const bad = values.filter((v) => v.invalid > 0);

    expect(bad.map((v) => v.tag)).toEqual(['880$a']);
    expect(bad[0]?.text.startsWith('米国の統治の仕組')).toBe(true);
  });

  it.each(BAD_EACC)(
    'when %s is read by the ISO reader, then its 880 is what yaz-marcdump 5.34 gives and one warning names the dropped bytes',
    async (file) => {
      const [item] = recordsOf(await collect(readIso2709(bytesSource(readFileSync(corpusPath(file))))));

      // yaz-marcdump -f marc-8 -t utf-8 drops the stray "{6924f6}" (not EACC) the same way.
      expect(item?.record.getSubfield('880', 'a')).toBe('米国の統治の仕組');
      expect(item?.warnings).toEqual([
        {
          code: 'charset_bad_marc8',
          message: 'field 880: 3 invalid MARC-8 sequence(s) dropped (7B 36 39, 32 34 66, 36 7D)',
        },
      ]);
    },
  );

  it('when the script samples are decoded, then each reads in its own script', () => {
    const texts = (file: string): string =>
      decodeFile(`marc-perl/marc-charset/${file}`)
        .map((v) => v.text)
        .join('\n');

    expect(texts('cyrillic.marc')).toContain('Одлуке и решења Савезног уставног суда.');
    expect(texts('hebrew2.marc')).toContain('ירושלים :');
    expect(texts('cjk4.marc')).toContain('東國　大學校　附設　東國　譯經院,');
    expect(decodeMarc8(readFileSync(corpusPath('marc-perl/marc-charset/farsi.marc'))).text).toContain(
      'فهرست نسخه‌هاى خطى',
    );
  });

  it('when a Library of Congress record has ligatures and accents, then they decode as LoC prefers', () => {
    const texts = decodeFile('openlibrary/test_data/bin_input/880_table_of_contents.mrc').map((v) => v.text);

    expect(texts).toContain('Petrushevskai\u0361a, Li\u0361udmila');
    expect(texts).toContain('Zhiznʹ ėto teatr :');
  });

  it.each(['histoirereligieu05cr_meta', 'lc_0444897283', 'merchantsfromcat00ben_meta'])(
    'when openlibrary %s is decoded, then its accented strings match Open Library’s expected edition',
    (name) => {
      const texts = decodeFile(`openlibrary/test_data/bin_input/${name}.mrc`).map((v) => v.text);
      const edition = JSON.parse(
        readFileSync(corpusPath(`openlibrary/test_data/bin_expect/${name}.json`), 'utf8'),
      ) as {
        title: string;
        by_statement: string;
      };

      expect(texts.some((t) => t.startsWith(edition.title))).toBe(true);
      expect(texts.some((t) => t.startsWith(edition.by_statement))).toBe(true);
      expect(`${edition.title} ${edition.by_statement}`).toMatch(/[^\u0000-\u007f]/);
    },
  );
});

/** yaz's MARCXML values in document order: control fields, then each subfield. */
function yazValues(xml: string): string[] {
  const out: string[] = [];
  const pattern = /<(?:controlfield tag="[^"]*"|subfield code="[^"]*")>([^<]*)</g;
  for (const m of xml.matchAll(pattern)) out.push(unescapeXml(m[1] ?? ''));
  return out;
}

function unescapeXml(text: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name] ?? '');
}

/** The yaz test inputs whose .chr names MARC-8 (listed when the test runs: the corpus may be absent). */
function yazMarc8Inputs(): string[] {
  const dir = corpusPath('yaz/marc-files');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.chr') && readFileSync(path.join(dir, f), 'latin1').trim() === 'marc-8')
    .map((f) => f.slice(0, -'.chr'.length))
    .sort();
}

describeCorpus('decodeMarc8 against yaz-marcdump output', () => {
  it('when each MARC-8 yaz input is decoded, then every value equals yaz’s UTF-8 MARCXML', () => {
    const names = yazMarc8Inputs();
    const ours: Record<string, string[]> = {};
    const theirs: Record<string, string[]> = {};

    for (const name of names) {
      const values = decodeFile(`yaz/marc-files/${name}.marc`);
      ours[name] = values.map((v) => (v.invalid > 0 ? `INVALID ${v.text}` : v.text));
      theirs[name] = yazValues(readFileSync(corpusPath(`yaz/marc-files/${name}.xml`), 'utf8'));
    }

    expect(names).toEqual(expect.arrayContaining(['marc6', 'marc8']));
    expect(ours).toEqual(theirs);
  });
});
