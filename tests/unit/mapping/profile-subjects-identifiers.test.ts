import { mapMrk } from './mrk-record';

describe('default profile: subjects and facets', () => {
  const doc = mapMrk(`
    =600  10$aJobs, Steve,$d1955-2011$vFiction.
    =610  20$aApple Computer, Inc.$vFiction.
    =650  \\0$aShipyards$xData processing$vCongresses.
    =651  \\0$aUnited States$xHistory$yCivil War, 1861-1865$vPersonal narratives.
    =650  \\2$aAllene.
    =655  \\7$aDetective and mystery fiction.$2lcgft
    =653  \\\\$aspatial analysis$aGIS
    =648  \\7$a1900-1999$2fast
    =690  \\\\$aLocal heading.`);

  test('when 6XX fields are mapped, then each is a full heading with its kind and thesaurus', () => {
    expect(doc.subjects).toEqual([
      { heading: 'Jobs, Steve, 1955-2011 -- Fiction', kind: 'person', source: 'lcsh' },
      { heading: 'Apple Computer, Inc -- Fiction', kind: 'corporate', source: 'lcsh' },
      { heading: 'Shipyards -- Data processing -- Congresses', kind: 'topic', source: 'lcsh' },
      {
        heading: 'United States -- History -- Civil War, 1861-1865 -- Personal narratives',
        kind: 'geographic',
        source: 'lcsh',
      },
      { heading: 'Allene', kind: 'topic', source: 'mesh' },
      { heading: 'Detective and mystery fiction', kind: 'genre', source: 'lcgft' },
      { heading: 'spatial analysis', kind: 'other' },
      { heading: 'GIS', kind: 'other' },
      { heading: '1900-1999', kind: 'chronological', source: 'fast' },
    ]);
  });

  test('when facets are made, then main terms go by tag and subdivisions by kind', () => {
    expect(doc.topics).toEqual([
      'Jobs, Steve, 1955-2011',
      'Apple Computer, Inc',
      'Shipyards',
      'Data processing',
      'History',
      'Allene',
      'spatial analysis',
      'GIS',
    ]);
    expect(doc.genres).toEqual([
      'Fiction',
      'Congresses',
      'Personal narratives',
      'Detective and mystery fiction',
    ]);
    expect(doc.geographic).toEqual(['United States']);
    expect(doc.eras).toEqual(['Civil War, 1861-1865', '1900-1999']);
  });

  test('when a local 69X subject is present, then it is neither a heading nor a facet', () => {
    expect(JSON.stringify(doc)).not.toContain('Local heading');
  });
});

describe('default profile: ISBN, ISSN, LCCN, OCLC', () => {
  test('when 020 has $a, $q and $z, then numbers are normalised, qualified, and canceled ones flagged', () => {
    const doc = mapMrk(`
      =020  \\\\$a0815769768.$qpaperback$a081576975X (pbk.)
      =020  \\\\$z9789655220613$q(hardcover)
      =020  \\\\$a087279811`);

    expect(doc.isbns).toEqual([
      {
        value: '0815769768.',
        isbn10: '0815769768',
        isbn13: '9780815769767',
        qualifiers: ['paperback'],
        valid: true,
        canceled: false,
      },
      {
        value: '081576975X (pbk.)',
        isbn10: '081576975X',
        isbn13: '9780815769750',
        qualifiers: ['pbk'],
        valid: true,
        canceled: false,
      },
      {
        value: '9789655220613',
        isbn13: '9789655220613',
        qualifiers: ['hardcover'],
        valid: false,
        canceled: true,
      },
      { value: '087279811', qualifiers: [], valid: false, canceled: false },
    ]);
  });

  test('when the same ISBN appears in 10- and 13-digit form, then it is one entry', () => {
    expect(mapMrk('=020  \\\\$a0140447938\n=020  \\\\$a9780140447934 :').isbns).toHaveLength(1);
  });

  test('when 022 has ISSN, incorrect, canceled and linking ISSNs, then each keeps its kind', () => {
    const doc = mapMrk('=022  0\\$a0378-5955$y0378-5954$z1234$l0378-5955');

    expect(doc.issns).toEqual([
      { value: '0378-5955', normalized: '0378-5955', kind: 'issn', valid: true },
      { value: '0378-5954', normalized: '0378-5954', kind: 'incorrect', valid: false },
      { value: '1234', kind: 'canceled', valid: false },
      { value: '0378-5955', normalized: '0378-5955', kind: 'linking', valid: true },
    ]);
  });

  test('when 010 has $a and canceled $z, then both are normalised the LoC way', () => {
    const doc = mapMrk('=010  \\\\$asc 83003257 $z85-2 $z  75425165//r75');

    expect(doc.lccns).toEqual([
      { value: 'sc 83003257', normalized: 'sc83003257', canceled: false },
      { value: '85-2', normalized: '85000002', canceled: true },
      { value: '75425165//r75', normalized: '75425165', canceled: true },
    ]);
  });

  test('when OCLC numbers come from 001/003, 035 and 019, then they are digits without zeros, once each', () => {
    const doc = mapMrk(`
      =001  ocm00012345
      =003  OCoLC
      =019  \\\\$a99999$a000012345
      =035  \\\\$a(OCoLC)ocm00012345
      =035  \\\\$a(OCoLC)-
      =035  \\\\$a(DLC) 85000002
      =035  \\\\$a(OCoLC)613515810`);

    expect(doc.oclcNumbers).toEqual(['12345', '613515810', '99999']);
  });

  test('when the 001 is not OCLC-controlled, then it is not an OCLC number', () => {
    expect(mapMrk('=001  12345\n=003  DLC').oclcNumbers).toEqual([]);
  });
});
