import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { sampleBooks } from '../../support/books';
import { mapMrk } from './mrk-record';

describe('default profile: description, notes and links', () => {
  test('when 300, 520 and 505 are present, then they are kept as display text', () => {
    const doc = mapMrk(`
      =300  \\\\$axviii, 456 p. :$bill., maps ;$c25 cm.
      =520  \\\\$aA summary$bwith more.
      =505  0\\$aIntroduction -- Spatial analysis /$rGoodchild. --`);

    expect(doc.physicalDescription).toEqual(['xviii, 456 p. : ill., maps ; 25 cm.']);
    expect(doc.summary).toEqual(['A summary with more.']);
    expect(doc.contents).toEqual(['Introduction -- Spatial analysis / Goodchild. --']);
  });

  test('when 856 fields are present, then each URL comes with its text and ind2 relationship', () => {
    const doc = mapMrk(`
      =856  40$uhttp://example.org/full$yFull text
      =856  42$3Publisher description$uhttp://www.loc.gov/catdir/d.html
      =856  41$uhttp://example.org/version$zAnother version
      =856  4\\$uhttp://example.org/plain`);

    expect(doc.links).toEqual([
      { url: 'http://example.org/full', text: 'Full text', relationship: 'resource' },
      { url: 'http://www.loc.gov/catdir/d.html', text: 'Publisher description', relationship: 'related' },
      { url: 'http://example.org/version', text: 'Another version', relationship: 'version' },
      { url: 'http://example.org/plain', relationship: 'unspecified' },
    ]);
  });
});

describe('default profile: series', () => {
  test('when a 490 is traced by an 830, then only the traced form is listed', () => {
    const doc = mapMrk(`
      =490  1\\$aEconomic series ;$vno. 46
      =830  \\0$aEconomic series (Nihon Gakujutsu Kaigi. Dai 3-bu) ;$vno. 46.`);

    expect(doc.series).toEqual(['Economic series (Nihon Gakujutsu Kaigi. Dai 3-bu)']);
  });

  test('when a 490 is untraced, or traced but no 8XX exists, then its statement is listed', () => {
    expect(mapMrk('=490  0\\$aSpatial information systems').series).toEqual(['Spatial information systems']);
    expect(mapMrk('=490  1\\$aBrookings studies ;$v3').series).toEqual(['Brookings studies']);
  });

  test('when an obsolete 440 or a name/title 800 is present, then both count', () => {
    const doc = mapMrk(`
      =440  \\0$aClassics of children's literature, 1621-1932 ;$vv. 12
      =800  1\\$aShakespeare, William,$d1564-1616.$tWorks.`);

    expect(doc.series).toEqual([
      "Classics of children's literature, 1621-1932",
      'Shakespeare, William, 1564-1616. Works',
    ]);
  });
});

describe('default profile: call numbers', () => {
  test('when LC and Dewey call numbers are present, then each carries its scheme, tag and shelf key', () => {
    const doc = mapMrk(`
      =050  00$aQA76.73.J38$bS53 2005
      =050  00$aQA76.73.J38$bS53 2005
      =082  04$a005.13/3$222
      =090  \\\\$aQA76.73.J38 S53 2005 v.2
      =092  \\\\$a813.54$bT`);

    expect(doc.callNumbers).toEqual([
      { value: 'QA76.73.J38 S53 2005', scheme: 'lc', shelfKey: 'L QA 276.73 J38 S53 42005', tag: '050' },
      { value: '005.13/3', scheme: 'dewey', shelfKey: 'D 005.133', tag: '082' },
      {
        value: 'QA76.73.J38 S53 2005 v.2',
        scheme: 'lc',
        shelfKey: 'L QA 276.73 J38 S53 42005 V 12',
        tag: '090',
      },
      { value: '813.54 T', scheme: 'dewey', shelfKey: 'D 813.54 T', tag: '092' },
    ]);
  });

  test('when 050 repeats $a, then the alternatives are not call numbers', () => {
    expect(mapMrk('=050  00$aE184.5$aE185$b.B4').callNumbers.map((c) => c.value)).toEqual(['E184.5 .B4']);
  });
});

describe('default profile: 880 alternate script', () => {
  test('when 880s link to title, name, subject, publisher, series and others, then each lands in its family', () => {
    const doc = mapMrk(`
      =100  1\\$6880-01$aLiu, Ning.
      =245  10$6880-02$aQiaobusi de mi mi ri ji
      =880  1\\$6100-01/$1$a刘宁.
      =880  10$6245-02/$1$a乔布斯的秘密日记 /$c刘宁译.
      =880  \\0$6650-03/(N$aЭкономика$zРоссия.
      =880  \\\\$6260-00/(2/r$aתל אביב :$bכנרת,$c2011.
      =880  0\\$6490-04/$1$a经济丛书
      =880  \\\\$6250-05/$1$a第1版.
      =880  \\\\$aNo link at all`);

    expect(doc.vernacular).toEqual({
      title: ['乔布斯的秘密日记'],
      authors: ['刘宁'],
      subjects: ['Экономика -- Россия'],
      publishers: ['כנרת'],
      series: ['经济丛书'],
      other: ['第1版', 'No link at all'],
    });
    expect(doc.title).toBe('Qiaobusi de mi mi ri ji');
  });

  test('when the hand-made Tolstoy record is mapped, then its Cyrillic name is vernacular beside the romanised one', () => {
    const doc = createDefaultMapper().map(sampleBooks()[0]!);

    expect(doc.authors[0]?.heading).toBe('Tolstoy, Leo, 1828-1910');
    expect(doc.vernacular.authors).toEqual(['Толстой, Лев']);
    expect(doc).toMatchObject({
      id: '(StK)stk000001',
      title: 'War and peace',
      responsibility: 'Leo Tolstoy',
      languages: ['rus'],
      formats: ['Book'],
      year: 1869,
      subjects: [
        { heading: 'Napoleonic Wars, 1800-1815 -- Russia -- Fiction', kind: 'topic', source: 'lcsh' },
      ],
    });
  });
});
