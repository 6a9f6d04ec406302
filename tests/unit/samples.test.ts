import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import { isValidIsbn10, isValidIsbn13, isValidIssn } from '../../src/domain/identifiers';
import { looksLikeDewey, looksLikeLc } from '../../src/domain/shelf-key';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { readMarc } from '../../src/marc/formats';
import type { ReadItem, RecordItem } from '../../src/marc/read-item';
import { isControlField, isDataField, type DataField, type MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { sampleFiles, sampleRecords } from '../../scripts/gen/samples-catalog';
import { collect } from '../support/collect';

const DIR = path.resolve(__dirname, '..', '..', 'ingest', 'samples');
const MARC_FILE = /\.(mrc|xml|json|mrk)$/;

interface Loaded {
  file: string;
  items: ReadItem[];
}

/** Every file the server's first start would load, read through the real readers. */
async function loadCommitted(): Promise<Loaded[]> {
  const files = readdirSync(DIR).filter((f) => MARC_FILE.test(f));
  return Promise.all(
    files.map(async (file) => ({
      file,
      items: await collect(readMarc(bytesSource(readFileSync(path.join(DIR, file))))),
    })),
  );
}

const dataFields = (r: MarcRecord, tag: string): DataField[] => r.getDataFields(tag);
const sub = (f: DataField, code: string): string | undefined =>
  f.subfields.find((s) => s.code === code)?.value;

let loaded: Loaded[];
let records: MarcRecord[];
let documents: CatalogDocument[];

beforeAll(async () => {
  loaded = await loadCommitted();
  records = loaded.flatMap((l) => l.items.filter((i): i is RecordItem => i.ok).map((i) => i.record));
  const mapper = createDefaultMapper();
  documents = records.map((r) => mapper.map(r));
});

describe('bundled sample records (ingest/samples)', () => {
  test('when the generator runs again, then it writes exactly the committed files', () => {
    for (const file of sampleFiles()) {
      expect({ file: file.name, same: readFileSync(path.join(DIR, file.name)).equals(file.content) }).toEqual(
        {
          file: file.name,
          same: true,
        },
      );
    }
    expect(
      readdirSync(DIR)
        .filter((f) => MARC_FILE.test(f))
        .sort(),
    ).toEqual(
      sampleFiles()
        .map((f) => f.name)
        .sort(),
    );
  });

  test('when every file is read, then every record reads without an error or a warning', () => {
    const problems = loaded.flatMap((l) =>
      l.items
        .filter((i) => !i.ok || i.warnings.length > 0)
        .map((i) => ({ file: l.file, record: i.recordNumber, what: i.ok ? i.warnings : i.message })),
    );
    expect(problems).toEqual([]);
    expect(records.length).toBe(sampleRecords().length);
    expect(records.length).toBeGreaterThanOrEqual(300);
    expect(records.length).toBeLessThanOrEqual(400);
  });

  test('when the files are read back, then they hold the generated records, each in one file only', () => {
    const byId = new Map(sampleRecords().map((r) => [r.getControl('001'), r]));
    for (const r of records) expect(r.fields).toEqual(byId.get(r.getControl('001'))?.fields);
    const perFile = loaded.map((l) => l.items.length);
    expect(perFile.every((n) => n > 0)).toBe(true);
  });

  test('when mapped, then every record has a unique id and a title, author or corporate entry', () => {
    const ids = documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^\(StKS\)stk\d{6}$/.test(id))).toBe(true);
    expect(documents.filter((d) => !d.title)).toEqual([]);
  });

  test('when mapped, then the formats facet covers every kind of material in the set', () => {
    const formats = new Set(documents.flatMap((d) => d.formats));
    for (const f of [
      'Book',
      'Journal',
      'Newspaper',
      'Map',
      'Score',
      'Music recording',
      'Sound recording',
      'Database',
      'Website',
      'Computer file',
    ]) {
      expect(formats).toContain(f);
    }
  });

  test('when mapped, then every call number gets a proper LC or Dewey shelf key', () => {
    const numbers = documents.flatMap((d) => d.callNumbers);
    expect(numbers.length).toBeGreaterThan(records.length);
    const bad = numbers.filter((c) =>
      c.scheme === 'lc'
        ? !looksLikeLc(c.value) || !c.shelfKey.startsWith('L ') || c.shelfKey.includes('~')
        : !looksLikeDewey(c.value) || !c.shelfKey.startsWith('D ') || c.shelfKey.includes('~'),
    );
    expect(bad).toEqual([]);
  });

  test('when ISBNs and ISSNs are checked, then every one is valid', () => {
    const isbns = documents.flatMap((d) => d.isbns);
    expect(isbns.length).toBeGreaterThan(5);
    expect(isbns.filter((i) => !i.valid)).toEqual([]);
    for (const r of records) {
      for (const f of dataFields(r, '020')) {
        const isbn = sub(f, 'a')!;
        expect(isbn.length === 10 ? isValidIsbn10(isbn) : isValidIsbn13(isbn)).toBe(true);
      }
      for (const f of dataFields(r, '022')) expect(isValidIssn(sub(f, 'a')!)).toBe(true);
    }
  });

  test('when 880s are present, then each is linked to its field and back, and the script is indexed', () => {
    let linked = 0;
    for (const r of records) {
      const alternates = dataFields(r, '880');
      for (const alt of alternates) {
        const [target, rest] = sub(alt, '6')!.split('-');
        const occurrence = rest!.slice(0, 2);
        const partner = r.getDataFields(target!).filter((f) => sub(f, '6') === `880-${occurrence}`);
        expect({ id: r.getControl('001'), link: sub(alt, '6'), partners: partner.length }).toEqual({
          id: r.getControl('001'),
          link: sub(alt, '6'),
          partners: 1,
        });
        linked++;
      }
      for (const f of r.getDataFields().filter((d) => d.tag !== '880' && sub(d, '6'))) {
        const occurrence = sub(f, '6')!.slice(4, 6);
        const back = alternates.filter((a) => sub(a, '6')!.startsWith(`${f.tag}-${occurrence}/`));
        expect(back).toHaveLength(1);
      }
    }
    expect(linked).toBeGreaterThan(100);
    const scripts = new Set(
      records.flatMap((r) => dataFields(r, '880').map((f) => sub(f, '6')!.split('/')[1])),
    );
    expect([...scripts].sort()).toEqual(['$1', '(2', '(3', '(N', '(S']);
    expect(documents.filter((d) => d.vernacular.title.length > 0).length).toBeGreaterThan(30);
  });

  test('when the fixed fields are checked, then leader, 006, 007 and 008 have their MARC 21 lengths', () => {
    const lengths: Record<string, number> = { c: 14, s: 14, a: 8 };
    for (const r of records) {
      expect(r.leader).toMatch(/^\d{5}n[a-z][a-z] a22\d{5} i 4500$/);
      for (const f of r.fields.filter(isControlField)) {
        if (f.tag === '008') expect(f.value).toHaveLength(40);
        if (f.tag === '006') expect(f.value).toHaveLength(18);
        if (f.tag === '007') expect(f.value).toHaveLength(lengths[f.value[0]!]!);
      }
      expect(r.getControl('008')!.slice(35, 38)).toMatch(/^[a-z]{3}$/);
    }
  });

  test('when the descriptive fields are checked, then they follow RDA/LCSH conventions', () => {
    for (const r of records) {
      const id = r.getControl('001');
      expect({ id, rda: sub(dataFields(r, '040')[0]!, 'e') }).toEqual({ id, rda: 'rda' });
      expect(['336', '337', '338'].every((t) => dataFields(r, t).length === 1)).toBe(true);
      for (const f of r.getDataFields('100', '110'))
        expect({ id, relator: Boolean(sub(f, 'e')) }).toEqual({ id, relator: true });
      for (const f of r.getDataFields('6XX').filter((d) => d.tag !== '655')) expect(f.ind2).toBe('0');
      for (const f of dataFields(r, '655')) expect([f.ind2, sub(f, '2')]).toEqual(['7', 'lcgft']);
      const title = dataFields(r, '245')[0]!;
      const skip = Number(title.ind2);
      if (skip > 0) expect(sub(title, 'a')!.slice(0, skip)).toMatch(/^[A-Z][a-z]*\.? $|^[A-Z]'$/);
    }
  });

  test('when diacritics are checked, then the set holds MARC-8-worthy letters in normalised form', () => {
    const text = records
      .flatMap((r) => r.fields.filter(isDataField).flatMap((f) => f.subfields.map((s) => s.value)))
      .join(' ');
    expect(text === text.normalize('NFC')).toBe(true);
    const wanted = ['ë', 'ř', 'Ł', 'ó', 'ź', 'ø', 'æ', 'ü', 'é', 'ʹ', 'ʻ', 'ĭ', '\uFE20', 'ā', 'ṭ'];
    expect(wanted.filter((ch) => !text.includes(ch))).toEqual([]);
  });
});
