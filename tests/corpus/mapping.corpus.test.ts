import { readFileSync } from 'node:fs';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { FORMATS } from '../../src/mapping';
import { readMarc } from '../../src/marc/formats';
import type { MarcRecord } from '../../src/marc/record';
import { bytesSource } from '../../src/marc/source';
import { corpusPath, describeCorpus } from '../support/corpus';
import { manifestRows } from '../support/manifest';

const mapper = createDefaultMapper();

async function recordsOf(file: string): Promise<MarcRecord[]> {
  const out: MarcRecord[] = [];
  for await (const item of readMarc(bytesSource(readFileSync(corpusPath(file)))))
    if (item.ok) out.push(item.record);
  return out;
}

async function documentsOf(file: string): Promise<CatalogDocument[]> {
  return (await recordsOf(file)).map((r) => mapper.map(r));
}

/** What every document must satisfy, whatever the record: the contract the store and index rely on. */
function problemsOf(doc: CatalogDocument): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  check(doc.id.length > 0 && doc.id === doc.id.trim(), `id ${JSON.stringify(doc.id)}`);
  check(
    doc.formats.length > 0 && doc.formats.every((f) => (FORMATS as readonly string[]).includes(f)),
    `formats ${doc.formats}`,
  );
  check(
    doc.languages.every((l) => /^[a-z]{3}$/.test(l)),
    `languages ${doc.languages}`,
  );
  check(
    doc.oclcNumbers.every((n) => /^[1-9]\d*$/.test(n)),
    `oclc ${doc.oclcNumbers}`,
  );
  check(
    doc.lccns.every((l) => !/\s/.test(l.normalized)),
    'lccn with blanks',
  );
  for (const isbn of doc.isbns) {
    check(
      !isbn.valid || /^97[89]\d{10}$/.test(isbn.isbn13 ?? ''),
      `valid ISBN without isbn13: ${isbn.value}`,
    );
  }
  for (const call of doc.callNumbers) {
    check(call.shelfKey.startsWith(call.scheme === 'lc' ? 'L ' : 'D '), `shelf key ${call.shelfKey}`);
  }
  check(doc.year === undefined || (doc.year >= 500 && doc.year <= 2100), `year ${doc.year}`);
  check(
    doc.yearEnd === undefined || (doc.year !== undefined && doc.yearEnd > doc.year),
    `yearEnd ${doc.yearEnd}`,
  );
  for (const value of [doc.title, doc.subtitle, doc.responsibility, ...doc.publishers, ...doc.topics]) {
    check(
      value === undefined || (value.length > 0 && !/[\s/:;,]$/.test(value)),
      `untrimmed ${JSON.stringify(value)}`,
    );
  }
  check(JSON.stringify(JSON.parse(JSON.stringify(doc))) === JSON.stringify(doc), 'not plain data');
  return problems;
}

describeCorpus('mapping the whole corpus', () => {
  const files = manifestRows()
    .filter((r) => ['iso2709', 'marcxml', 'json', 'mrk'].includes(r.format))
    .map((r) => r.file);

  test('when every readable record of every file is mapped, then each document keeps the contract', async () => {
    let records = 0;
    const failures: string[] = [];
    for (const file of files) {
      let docs: CatalogDocument[];
      try {
        docs = await documentsOf(file);
      } catch {
        continue; // files no reader accepts are the codec suites' business
      }
      records += docs.length;
      for (const doc of docs) for (const p of problemsOf(doc)) failures.push(`${file} ${doc.id}: ${p}`);
    }

    expect(records).toBeGreaterThan(14000);
    expect(failures.slice(0, 20)).toEqual([]);
  });
});

describeCorpus('mapping rules on real records', () => {
  test('when an LC record is mapped (clj-marc/loc.export #1), then every rule finds its part', async () => {
    const [doc] = await documentsOf('clj-marc/loc.export');

    expect(doc).toMatchObject({
      id: '(DLC)00000002',
      controlNumber: '00000002',
      title: 'Botanical materia medica and pharmacology',
      responsibility: 'By S. H. Aurand',
      authors: [{ name: 'Aurand, Samuel Herbert', dates: '1854-', kind: 'person', primary: true }],
      subjects: [
        { heading: 'Botany, Medical', kind: 'topic', source: 'lcsh' },
        { heading: 'Homeopathy -- Materia medica and therapeutics', kind: 'topic', source: 'lcsh' },
      ],
      lccns: [{ value: '00000002', normalized: '00000002', canceled: false }],
      oclcNumbers: ['5853149'],
      publishers: ['P. H. Mallen Company'],
      places: ['Chicago'],
      year: 1899,
      languages: ['eng'],
      formats: ['Book'],
      callNumbers: [{ value: 'RX671 .A92', scheme: 'lc', shelfKey: 'L RX 3671 A92', tag: '050' }],
    });
  });

  test('when an OCLC record with 856 and 490 is mapped (Open Library wwu_51323556), then links, series and ISBN qualifiers come through', async () => {
    const [doc] = await documentsOf('openlibrary/test_data/bin_input/wwu_51323556.mrc');

    expect(doc).toMatchObject({
      id: '(OCoLC)ocm51323556',
      oclcNumbers: ['51323556'],
      isbns: [
        { isbn10: '0195152700', isbn13: '9780195152708', qualifiers: ['acid-free paper'], valid: true },
      ],
      series: ['Spatial information systems'],
      links: [
        {
          url: 'http://www.loc.gov/catdir/enhancements/fy0613/2002156669-d.html',
          text: 'Publisher description',
          relationship: 'related',
        },
      ],
      responsibility: 'edited by Michael F. Goodchild, Donald G. Janelle',
      places: ['Oxford [England]', 'New York'],
    });
  });

  test('when a catalog full of bad ISBNs is mapped (evergreen/badisbns.xml), then each is kept and flagged', async () => {
    const isbns = (await documentsOf('evergreen/badisbns.xml')).flatMap((d) => d.isbns);
    const byValue = new Map(isbns.map((i) => [i.value, i]));

    expect(byValue.get('089542262X295')).toMatchObject({ valid: false });
    expect(byValue.get('0553101315175')).toMatchObject({ valid: false });
    expect(byValue.get('978184533213X (hbk.)')).toMatchObject({ valid: false, qualifiers: ['hbk'] });
    expect(byValue.get('0553204300')).toMatchObject({ valid: true, isbn13: '9780553204308' });
    expect(byValue.get('(0373197527pbk.)')).toMatchObject({ valid: true, isbn10: '0373197527' });
  });

  test('when MARC-8 music records are mapped (evergreen/jazz_1k.mrc), then formats follow leader/06', async () => {
    const records = await recordsOf('evergreen/jazz_1k.mrc');
    const docs = records.map((r) => mapper.map(r));
    const byType = (t: string) => docs.filter((d) => d.recordType === t);

    expect(byType('j').every((d) => d.formats[0] === 'Music recording')).toBe(true);
    expect(byType('j')).toHaveLength(584);
    expect(byType('c').every((d) => d.formats[0] === 'Score')).toBe(true);
    expect(byType('d').every((d) => d.formats.join() === 'Score,Manuscript')).toBe(true);
    expect(byType('g').every((d) => d.formats[0] === 'Video')).toBe(true);
  });

  test('when RDA records of several materials are mapped (evergreen/RDA), then each gets its format', async () => {
    const formatOf = async (name: string) =>
      (await documentsOf(`evergreen/RDA/RDA_record_${name}.mrc`))[0]?.formats;

    expect(await formatOf('CD_Claudia')).toEqual(['Music recording']);
    expect(await formatOf('DVD-BLUE-RAY-MOVIE_Pineapple_express')).toEqual(['Video']);
    expect(await formatOf('MAP_2012_Enchanted_Circle')).toEqual(['Map']);
    expect(await formatOf('PHOTO_Srid_pa_ho')).toEqual(['Image']);
    expect(await formatOf('SCORE_Wiegenlied')).toEqual(['Score']);
  });

  test('when a thesis is mapped (Open Library 13dipolarcycload00burk), then it is a Book and a Thesis', async () => {
    const [doc] = await documentsOf('openlibrary/test_data/bin_input/13dipolarcycload00burk_meta.mrc');

    expect(doc?.formats).toEqual(['Book', 'Thesis']);
  });

  test('when MARC-8 Hebrew and CJK records with 880s are mapped, then the scripts land beside their fields', async () => {
    const [hebrew] = await documentsOf('marc-perl/marc-charset/hebrew2.marc');
    const [cjk] = await documentsOf('marc-perl/marc-charset/cjk4.marc');

    expect(hebrew).toMatchObject({
      title: 'Genuzot',
      vernacular: { title: ['גנוזות'], authors: ['הרשלר, משה'] },
    });
    expect(cjk?.vernacular.title).toEqual(['四分律 ／']);
    expect(cjk?.vernacular.series).toContain('한글　대장경');
  });

  test('when subjects with subdivisions are mapped (talis_856), then headings join them and facets split them', async () => {
    const [doc] = await documentsOf('openlibrary/test_data/bin_input/talis_856.mrc');

    expect(doc?.subjects.map((s) => s.heading)).toEqual([
      'Arab-Israeli conflict',
      'Jewish-Arab relations',
      'Middle East -- Politics and government -- 1945-',
    ]);
    expect(doc?.topics).toEqual([
      'Arab-Israeli conflict',
      'Jewish-Arab relations',
      'Middle East',
      'Politics and government',
    ]);
    expect(doc?.eras).toEqual(['1945-']);
  });
});
