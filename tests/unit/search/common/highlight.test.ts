import {
  escapeHtml,
  highlightTerms,
  highlightText,
  highlightTexts,
} from '../../../../src/search/common/highlight';
import type { QueryNode } from '../../../../src/search/query/ast';

const words = (...w: string[]) => ({ words: w, prefix: false });

describe('highlight', () => {
  it('when the query has fields, phrases and negations, then only positive text leaves give terms', () => {
    const query: QueryNode = {
      type: 'and',
      children: [
        { type: 'phrase', value: 'City History' },
        { type: 'term', field: 'author', value: 'Smith', prefix: true },
        { type: 'term', field: 'isbn', value: '0306406152', prefix: false },
        { type: 'not', child: { type: 'term', value: 'north', prefix: false } },
      ],
    };
    expect(highlightTerms(query)).toEqual([
      { field: undefined, words: ['city', 'history'], prefix: false },
      { field: 'author', words: ['smith'], prefix: true },
    ]);
  });

  it('when words match after folding, then the original spelling is marked', () => {
    expect(highlightText('Łódź and STRASSE', [words('lodz'), words('strasse')])).toBe(
      '<mark>Łódź</mark> and <mark>STRASSE</mark>',
    );
  });

  it('when adjacent matches touch, then they merge into one mark', () => {
    expect(highlightText('東京大学', [words('京'), words('大')])).toBe('東<mark>京大</mark>学');
  });

  it('when text is long, then a snippet around the first match is cut at spaces', () => {
    const text = `${'lorem '.repeat(60)}zephyr ${'ipsum '.repeat(60)}`.trim();
    const snippet = highlightText(text, [words('zephyr')], true)!;
    expect(snippet.startsWith('…lorem')).toBe(true);
    expect(snippet.endsWith('ipsum…')).toBe(true);
    expect(snippet).toContain('<mark>zephyr</mark>');
    expect(snippet.length).toBeLessThan(200);
  });

  it('when nothing matches, then no fragment is made and the field is left out', () => {
    expect(highlightText('nothing here', [words('zephyr')])).toBeUndefined();
    expect(highlightTexts({ title: ['nothing'], other: ['a zephyr'] }, [words('zephyr')])).toEqual({
      other: ['a <mark>zephyr</mark>'],
    });
  });

  it('when text has markup characters, then they are escaped', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
