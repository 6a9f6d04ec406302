import { renderCitations } from '../../../../src/interop/citations/citation-formats';
import type { CslItem } from '../../../../src/interop/citations/csl-item';
import { parseBibtex, parseRisFile } from '../../../support/citations';

const score: CslItem = {
  id: '(X)1',
  type: 'musical_score',
  'citation-key': 'X1',
  title: '50% of the #1 hits_{vol} ~ $5',
  author: [{ literal: 'Smith & Sons' }],
  publisher: 'Breitkopf & Härtel',
  URL: 'https://example.org/a_b?c=1&d=2',
};

describe('citation formats', () => {
  test("when a value holds TeX's special characters, then BibTeX escapes them and a reader gets them back", () => {
    const bib = renderCitations([score], 'bibtex');
    expect(bib).toContain('publisher = {Breitkopf \\& Härtel}');
    expect(bib).toContain('url = {https://example.org/a_b?c=1&d=2}');
    expect(bib).toMatch(/^@misc\{X1,/);
    expect(parseBibtex(bib)).toEqual([
      expect.objectContaining({
        title: '50% of the #1 hits_{vol} ~ $5',
        authors: ['Smith & Sons'],
        publisher: 'Breitkopf & Härtel',
      }),
    ]);
  });

  test('when the type has an underscore (musical_score), then it is not escaped and the publisher survives', () => {
    expect(renderCitations([score], 'bibtex')).toContain('publisher =');
  });

  test('when a periodical has an ISSN and no ISBN, then RIS carries it in SN', () => {
    const ris = renderCitations(
      [{ id: 'p', type: 'periodical', title: 'The Atlantic', ISSN: '0004-6795' }],
      'ris',
    );
    expect(ris).toContain('SN  - 0004-6795');
    expect(parseRisFile(ris)).toEqual([
      expect.objectContaining({ title: 'The Atlantic', isbn: '0004-6795' }),
    ]);
  });

  test('when there is nothing to cite, then CSL-JSON is an empty array and the others are empty', () => {
    expect(renderCitations([], 'csl-json')).toBe('[]\n');
    expect(renderCitations([], 'ris')).toBe('');
    expect(renderCitations([], 'citation', 'vancouver')).toBe('');
  });
});
