import { mapMrk } from './mrk-record';

describe('default profile: imprint', () => {
  test('when 260 has places, publisher and date, then each is its own list, trimmed', () => {
    const doc = mapMrk('=260  \\\\$aOxford [England] ;$aNew York :$bOxford University Press,$c2004.');

    expect(doc).toMatchObject({
      places: ['Oxford [England]', 'New York'],
      publishers: ['Oxford University Press'],
      publicationDates: ['2004'],
    });
  });

  test('when 264 has publication and copyright statements, then the copyright date is not a publication date', () => {
    const doc = mapMrk(`
      =264  \\1$aParis :$bGrasset,$c2015.
      =264  \\4$c©2014`);

    expect(doc.publicationDates).toEqual(['2015']);
    expect(doc.publishers).toEqual(['Grasset']);
  });

  test('when only production, distribution or copyright statements exist, then they stand in', () => {
    const doc = mapMrk(`
      =264  \\2$aLondon :$bDistributor Ltd.
      =264  \\4$c©2014`);

    expect(doc).toMatchObject({
      places: ['London'],
      publishers: ['Distributor Ltd'],
      publicationDates: ['©2014'],
    });
  });
});

describe('default profile: years from 008/06-14', () => {
  const f008 = (type: string, d1: string, d2: string) =>
    `=008  200101${type}${d1}${d2}xx ${' '.repeat(17)}eng d`;

  test.each([
    ['s', '1984', '    ', 1984, undefined],
    ['r', '2010', '1925', 2010, undefined],
    ['r', '1873', '2010', 2010, undefined],
    ['m', '1854', '1857', 1854, 1857],
    ['c', '1975', '9999', 1975, undefined],
    ['d', '1901', '1923', 1901, 1923],
    ['q', '19uu', '    ', 1900, 1999],
    ['s', '190u', '    ', 1900, 1909],
    ['t', '1998', '1993', 1998, undefined],
  ])('when 008/06 is %s with dates %s and %s, then year is %s and end %s', (type, d1, d2, year, yearEnd) => {
    const doc = mapMrk(f008(type, d1, d2));

    expect([doc.year, doc.yearEnd]).toEqual([year, yearEnd]);
  });

  test('when the 008 has no usable date, then the first year in 260 $c is taken', () => {
    expect(mapMrk(`${f008('n', 'uuuu', 'uuuu')}\n=260  \\\\$c[ca. 1850], c1849.`).year).toBe(1850);
    expect(mapMrk(`${f008('s', '9999', '    ')}\n=260  \\\\$c2003.`).year).toBe(2003);
    expect(mapMrk('=260  \\\\$cn.d.').year).toBeUndefined();
  });
});

describe('default profile: languages', () => {
  test('when 008 and 041 name languages, then codes are gathered once, jammed codes split', () => {
    const doc = mapMrk(`
      =008  200101s1854    gw            000 0 ger d
      =041  1\\$agerlat$deng$hgrc
      =041  \\7$aen$2iso639-1`);

    expect(doc.languages).toEqual(['ger', 'lat', 'eng']);
  });

  test('when 008/35-37 is blank or fill characters, then no language comes from it', () => {
    expect(mapMrk('=008  200101s1854    gw            000 0 ||| d').languages).toEqual([]);
  });
});

describe('default profile: formats', () => {
  const record = (leader: string, f008 = '', extra = '') =>
    mapMrk(`=LDR  00000${leader}a2200000 a 4500\n${f008 ? `=008  ${f008}` : ''}\n${extra}`).formats;
  /** A 40-character 008: date entered, type s, 2004, xx, English, with the given positions set. */
  const f008 = (at: Record<number, string>) => {
    const chars = `200101s2004    xx ${' '.repeat(17)}eng d`.split('');
    for (const [pos, text] of Object.entries(at)) chars.splice(Number(pos), text.length, ...text.split(''));
    return chars.join('');
  };
  const book008 = (form: string, contents = '    ') => f008({ 23: form, 24: contents });
  const serial008 = (kind: string) => f008({ 6: 'c19759999', 21: kind });

  test.each([
    ['nam ', book008(' '), '', ['Book']],
    ['nam ', book008('o'), '', ['eBook']],
    ['nam ', book008(' '), '=007  cr|||||||||||', ['eBook']],
    ['nam ', book008(' ', 'bm  '), '', ['Book', 'Thesis']],
    ['nam ', book008(' '), '=502  \\\\$aThesis (Ph. D.)--University of Florida, 1984.', ['Book', 'Thesis']],
    ['nam ', book008('b'), '', ['Book', 'Microform']],
    ['nab ', book008(' '), '', ['Article']],
    ['nas ', serial008('p'), '', ['Journal']],
    ['nas ', serial008('n'), '', ['Newspaper']],
    ['nai ', serial008('d'), '', ['Database']],
    ['nai ', serial008('w'), '', ['Website']],
    ['nas ', serial008(' '), '', ['Journal']],
    ['ntm ', book008(' '), '', ['Manuscript']],
    ['ncm ', '', '', ['Score']],
    ['ndm ', '', '', ['Score', 'Manuscript']],
    ['nem ', '', '', ['Map']],
    ['ngm ', '', '', ['Video']],
    ['nim ', '', '', ['Sound recording']],
    ['njm ', '', '', ['Music recording']],
    ['nkm ', '', '', ['Image']],
    ['nmm ', '', '', ['Computer file']],
    ['nom ', '', '', ['Kit']],
    ['npc ', '', '', ['Archival material']],
    ['nrm ', '', '', ['Object']],
    ['nzm ', '', '=007  vd cvaizq', ['Video']],
    ['nzm ', '', '', ['Other']],
  ])('when the leader is %j with 008 %j and %j, then formats are %j', (leader, f008, extra, formats) => {
    expect(record(leader, f008, extra)).toEqual(formats);
  });

  test('when projected media are slides, then they are images, not video', () => {
    expect(record('ngm ', f008({ 33: 's' }))).toEqual(['Image']);
    expect(record('ngm ', f008({ 33: 'v' }))).toEqual(['Video']);
  });
});
