import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CslItem } from '../../../../src/interop/citations/csl-item';
import { toCslItem } from '../../../../src/interop/citations/marc-to-csl';
import { createDefaultMapper } from '../../../../src/ingest/default-mapper';
import { readMarc } from '../../../../src/marc/formats';
import { MarcRecord, type DataField } from '../../../../src/marc/record';
import { bytesSource } from '../../../../src/marc/source';
import { collect, recordsOf } from '../../../support/collect';
import { corpusPath, describeCorpus } from '../../../support/corpus';
import { cslValidityProblems } from '../../../support/citations';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'ingest', 'samples');
const map = createDefaultMapper();

function cite(record: MarcRecord): CslItem {
  const document = map(record);
  return toCslItem({ id: document.id, record, document });
}

async function itemsOf(file: string): Promise<CslItem[]> {
  const records = recordsOf(await collect(readMarc(bytesSource(readFileSync(file))))).map((i) => i.record);
  return records.filter((r) => r.leader[6] !== 'z' && !'uvxy'.includes(r.leader[6] ?? '')).map(cite);
}

const field = (tag: string, ind: string, ...pairs: [string, string][]): DataField => ({
  tag,
  ind1: ind[0] ?? ' ',
  ind2: ind[1] ?? ' ',
  subfields: pairs.map(([code, value]) => ({ code, value })),
});

function book(leader: string, ...fields: DataField[]): MarcRecord {
  return new MarcRecord(leader, [
    { tag: '001', value: 'cite1' },
    { tag: '008', value: '240101s1950    xx            000 0 eng d' },
    ...fields,
  ]);
}

describe('MARC → CSL-JSON, the bundled samples', () => {
  let items: CslItem[];
  beforeAll(async () => {
    const files = readdirSync(SAMPLES).filter((f) => /\.(mrc|xml|json|mrk)$/.test(f));
    items = (await Promise.all(files.map((f) => itemsOf(path.join(SAMPLES, f))))).flat();
  });
  const byId = (id: string) => items.find((i) => i.id === id);

  test('when every sample is cited, then each item is CSL that citation-js reads back unchanged', () => {
    expect(items.length).toBeGreaterThan(300);
    expect(items.filter((i) => !i.title)).toEqual([]);
    expect(items.flatMap((i) => cslValidityProblems(i))).toEqual([]);
  });

  test('when a modern reprint is cited, then its ISBN, series, editor, pages and place are there', () => {
    expect(byId('(StKS)stk001002')).toMatchObject({
      type: 'book',
      title: 'Pride and prejudice',
      author: [{ family: 'Austen', given: 'Jane' }],
      editor: [{ family: 'Jones', given: 'Vivien' }],
      'publisher-place': 'London',
      publisher: 'Penguin Books',
      issued: { 'date-parts': [[2003]] },
      ISBN: '9780141439518',
      'collection-title': 'Penguin classics',
      'number-of-pages': '435',
      language: 'en',
    });
  });

  test.each([
    ['(StKS)stk001202', 'book', { translator: [{ family: 'Hapgood', given: 'Isabel Florence' }] }],
    ['(StKS)stk004001', 'map', { author: [{ family: 'Ortelius', given: 'Abraham' }], language: 'la' }],
    ['(StKS)stk005001', 'musical_score', { composer: [{ family: 'Bach', given: 'Johann Sebastian' }] }],
    ['(StKS)stk006001', 'song', { performer: [{ family: 'Caruso', given: 'Enrico' }] }],
    ['(StKS)stk007001', 'periodical', { ISSN: '0004-6795', issued: { 'date-parts': [[1857], [1993]] } }],
    ['(StKS)stk008001', 'webpage', { URL: 'https://www.hathitrust.org/' }],
  ])('when %s is cited, then it is a %s with its own variables', (id, type, expected) => {
    expect(byId(id)).toMatchObject({ type, ...expected });
  });

  test('when a record has 880 alternate script, then the romanised heading is the one cited', () => {
    const pushkin = items.find((i) => i.title?.startsWith('Kapitanskai'));
    expect(pushkin?.title).toBe('Kapitanskai︠a︡ dochka: povestʹ');
    expect(pushkin?.author).toEqual([{ family: 'Pushkin', given: 'Aleksandr Sergeevich' }]);
  });
});

describe('MARC → CSL-JSON, the rules', () => {
  test('when 502 says thesis, then the type is thesis with its degree and granting body', () => {
    const item = cite(
      book(
        '00000nam a2200000 a 4500',
        field('245', '10', ['a', 'Catalogue rules /']),
        field('502', '  ', ['b', 'Ph. D.'], ['c', 'University of Chicago'], ['d', '1950']),
      ),
    );
    expect(item).toMatchObject({ type: 'thesis', genre: 'Ph. D.', publisher: 'University of Chicago' });
  });

  test('when the 502 is the older free text, then degree and body are read from it', () => {
    const item = cite(
      book(
        '00000nam a2200000 a 4500',
        field('502', '  ', ['a', 'Thesis (M.A.)--Columbia University, 1931.']),
      ),
    );
    expect(item).toMatchObject({ type: 'thesis', genre: 'Thesis (M.A.)', publisher: 'Columbia University' });
  });

  test('when names have relators, then each goes under its role; related works and bodies without one are not cited', () => {
    const item = cite(
      book(
        '00000nam a2200000 a 4500',
        field('100', '0 ', ['a', 'Homer.']),
        field('245', '14', ['a', 'The Odyssey']),
        field('700', '1 ', ['a', 'Fagles, Robert,'], ['e', 'translator.']),
        field('700', '1 ', ['a', 'Knox, Bernard,'], ['e', 'writer of introduction.']),
        field('700', '1 ', ['a', 'Lattimore, Richmond.']),
        field('700', '12', ['a', 'Homer.'], ['t', 'Iliad.']),
        field('710', '2 ', ['a', 'Penguin Books.']),
        field('710', '2 ', ['a', 'Folio Society,'], ['4', 'edt']),
      ),
    );
    expect(item.author).toEqual([{ literal: 'Homer' }, { family: 'Lattimore', given: 'Richmond' }]);
    expect(item.translator).toEqual([{ family: 'Fagles', given: 'Robert' }]);
    expect(item.editor).toEqual([{ literal: 'Folio Society' }]);
    expect(JSON.stringify(item)).not.toMatch(/Knox|Penguin|Iliad/);
  });

  test('when 024 7_ names a DOI, then it is cited without its resolver', () => {
    const item = cite(
      book(
        '00000nam a2200000 a 4500',
        field('024', '7 ', ['a', 'https://doi.org/10.1000/xyz123'], ['2', 'doi']),
        field('024', '7 ', ['a', '10.9999/other'], ['2', 'hdl']),
      ),
    );
    expect(item.DOI).toBe('10.1000/xyz123');
  });

  test('when the main entry is an editor, then it is cited as editor, not author', () => {
    const item = cite(
      book('00000nam a2200000 a 4500', field('100', '1 ', ['a', 'Smith, Jane,'], ['e', 'editor.'])),
    );
    expect(item).toMatchObject({ editor: [{ family: 'Smith', given: 'Jane' }] });
    expect(item.author).toBeUndefined();
  });

  test('when 264 _1 and a printer are both given, then the publisher is cited; unknown ones are left out', () => {
    const item = cite(
      book(
        '00000nam a2200000 i 4500',
        field('264', ' 3', ['a', 'Leipzig :'], ['b', 'Printer,'], ['c', '1950.']),
        field('264', ' 1', ['a', '[S.l.] :'], ['b', 'Teubner,'], ['c', '1950.']),
        field('250', '  ', ['a', '2nd ed., rev.']),
        field('300', '  ', ['a', 'xii, 345 pages :'], ['b', 'illustrations ;']),
        field('490', '1 ', ['a', 'Bibliotheca Teubneriana ;'], ['v', '12']),
        field(
          '830',
          ' 0',
          ['a', 'Bibliotheca scriptorum Graecorum et Romanorum Teubneriana ;'],
          ['v', 'v. 12.'],
        ),
      ),
    );
    expect(item).toMatchObject({
      publisher: 'Teubner',
      edition: '2nd ed., rev',
      'number-of-pages': '345',
      'collection-title': 'Bibliotheca scriptorum Graecorum et Romanorum Teubneriana',
      'collection-number': 'v. 12',
    });
    expect(item['publisher-place']).toBeUndefined();
  });

  test('when 008 gives a run of years, then issued is a range; an uncertain decade is one year', () => {
    const dated = (f008: string) =>
      cite(new MarcRecord('00000nam a2200000 a 4500', [{ tag: '008', value: f008 }])).issued;
    expect(dated('240101m18681869ru            000 1 rus d')).toEqual({ 'date-parts': [[1868], [1869]] });
    expect(dated('240101s19uu    xx            000 0 eng d')).toEqual({ 'date-parts': [[1900]] });
    expect(dated('240101q18501899xx            000 0 eng d')).toEqual({ 'date-parts': [[1850]] });
  });

  test.each([
    ['00000nam a2200000 a 4500', 'book'],
    ['00000naa a2200000 a 4500', 'chapter'],
    ['00000nab a2200000 a 4500', 'article-journal'],
    ['00000nas a2200000 a 4500', 'periodical'],
    ['00000nem a2200000 a 4500', 'map'],
    ['00000ncm a2200000 a 4500', 'musical_score'],
    ['00000njm a2200000 a 4500', 'song'],
    ['00000ngm a2200000 a 4500', 'motion_picture'],
    ['00000nkm a2200000 a 4500', 'graphic'],
    ['00000nmm a2200000 a 4500', 'software'],
    ['00000npc a2200000 a 4500', 'collection'],
    ['00000nrm a2200000 a 4500', 'document'],
  ])('when the leader is %s, then the type is %s', (leader, type) => {
    expect(cite(book(leader)).type).toBe(type);
  });

  test('when an integrating resource is online, then it is a webpage; a loose-leaf stays a book', () => {
    const online = new MarcRecord('00000nai a2200000 a 4500', [
      { tag: '008', value: '240101c20089999miu x w o     0   a0eng d' },
    ]);
    expect(cite(online).type).toBe('webpage');
    expect(cite(book('00000nai a2200000 a 4500')).type).toBe('book');
  });
});

describeCorpus('MARC → CSL-JSON, corpus records', () => {
  test('when 500 French records (evergreen/lul_fre_500.mrc) are cited, then every item is valid CSL', async () => {
    const items = await itemsOf(corpusPath('evergreen/lul_fre_500.mrc'));
    expect(items.length).toBeGreaterThan(400);
    expect(items.flatMap((i) => cslValidityProblems(i))).toEqual([]);
  });

  test('when a Devanagari record (evergreen/nepali.marc) is cited, then title and author keep their script', async () => {
    const [first] = await itemsOf(corpusPath('evergreen/nepali.marc'));
    expect(first?.title).toBe('बिहानी टुसा');
    expect(first?.author?.[0]).toEqual({ family: 'शाह', given: 'वीरेन्द्रविक्रम' });
  });
});
