import { decodeBrowseKey } from '../../../../src/search/elastic/browse-keys';
import { documentSource } from '../../../../src/search/elastic/document-source';
import { searchFixtures } from '../../../support/search-fixtures';
import { makeDocument } from '../../../support/documents';

const fixture = (id: string) => searchFixtures().find((d) => d.id === id)!;

describe('documentSource', () => {
  it('when text is indexed, then it is folded and split into the embedded index words', () => {
    const source = documentSource(fixture('s01'));
    expect(source.title).toEqual(['lodz a city history']);
    expect(documentSource(fixture('s06')).title).toEqual(['東 京 大 学 の 歴 史']);
    expect(documentSource(fixture('s05')).author).toEqual(['dordevic dorde']);
  });

  it('when a record has identifiers, then they are the shared identifier tokens', () => {
    expect(documentSource(fixture('s09')).ids).toEqual(
      expect.arrayContaining(['isbn9780306406157', 'isbn9780198534532', 'cnc09']),
    );
    expect(documentSource(fixture('s17')).call_forms).toEqual(['QA76.73.J38 F53 2008']);
  });

  it('when facet values differ only in ASCII case, then the record carries one of them', () => {
    const source = documentSource(makeDocument({ id: 'x', formats: ['Book', 'book', 'eBook'] }));
    expect(source.facet.format).toEqual(['Book', 'eBook']);
    expect(source.facet_prefix.format).toEqual(['book', 'ebook']);
  });

  it('when headings share a browse key, then the record files the smallest heading once', () => {
    const source = documentSource(
      makeDocument({ id: 'x', title: 'T', authors: ['Smith, John', 'Smith John', 'Lee, Ann'] }),
    );
    expect(source.browse.author.map(decodeBrowseKey)).toEqual([
      { key: 'smith john', heading: 'Smith John' },
      { key: 'lee ann', heading: 'Lee, Ann' },
    ]);
  });

  it('when a record has call numbers, then browse keys carry the shelf key, heading and scheme', () => {
    const [entry] = documentSource(fixture('s22')).browse.callnumber.map(decodeBrowseKey);
    expect(entry).toMatchObject({ heading: '005.133 Z45', scheme: 'dewey' });
    expect(entry?.key.startsWith('D ')).toBe(true);
  });

  it('when a record lacks sort values, then its sort keys are absent', () => {
    expect(documentSource(fixture('s28')).sort).toEqual({ title: 'collected maps of europe' });
  });
});
