import { compileQuery, ftsPhrase } from '../../../../src/search/sqlite/compile-query';
import { termId } from '../../../../src/search/sqlite/term-fields';
import type { QueryNode, SearchField } from '../../../../src/search/query/ast';

const term = (value: string, field?: SearchField, prefix = false): QueryNode => ({
  type: 'term',
  value,
  field,
  prefix,
});
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });

describe('compileQuery', () => {
  it('when there is no query, then nothing constrains the result', () => {
    expect(compileQuery(undefined)).toEqual({ where: [], none: false });
  });

  it('when terms are folded, then the FTS string is quoted and folded', () => {
    expect(ftsPhrase('Łódź', false)).toBe('"lodz"');
    expect(ftsPhrase('say "hi"', false)).toBe('"say ""hi"""');
    expect(ftsPhrase('京大', true)).toBe('"京 大" *');
    expect(ftsPhrase('--', false)).toBeUndefined();
  });

  it('when text terms combine with AND, OR and NOT, then one MATCH expression carries them', () => {
    const compiled = compileQuery(and(term('a'), or(term('b'), term('c', 'title')), not(term('d'))));
    expect(compiled).toEqual({
      match: '(("a") AND (("b") OR (title : "c"))) NOT ("d")',
      where: [],
      none: false,
    });
  });

  it('when identifiers join text, then they are ids-column tokens in the same MATCH', () => {
    const compiled = compileQuery(and(term('java'), term('0-306-40615-2', 'isbn')));
    expect(compiled).toEqual({
      match: '("java") AND (ids : ("isbn9780306406157" OR "isbn0306406152"))',
      where: [],
      none: false,
    });
    expect(compileQuery(or(term('gatsby'), term('(OCoLC)12345', 'oclc'))).match).toBe(
      '("gatsby") OR (ids : ("oclc12345"))',
    );
  });

  it('when facet and year leaves join text, then they become SQL beside the MATCH', () => {
    const compiled = compileQuery(and(term('java'), term('Book', 'format'), term('1999', 'year')));
    expect(compiled.match).toBe('("java")');
    expect(compiled.where.map((w) => w.sql)).toEqual([
      'd.rowid IN (SELECT doc_rowid FROM search_postings WHERE field = ? AND term_id = ?)',
      'd.year = ?',
    ]);
    expect(compiled.where[0]?.params).toEqual([1, termId('format', 'book')]);
  });

  it('when OR mixes text and a facet, then the text becomes a MATCH sub-query', () => {
    const compiled = compileQuery(or(term('gatsby'), term('fre', 'language')));
    expect(compiled.match).toBeUndefined();
    expect(compiled.where[0]?.sql).toContain('fts_docs MATCH ?');
    expect(compiled.where[0]?.params).toEqual(['"gatsby"', 2, termId('language', 'fre')]);
  });

  it('when the query is only a negation, then it excludes the MATCH rows', () => {
    const compiled = compileQuery(not(term('gardens')));
    expect(compiled.match).toBeUndefined();
    expect(compiled.where).toEqual([
      { sql: 'd.rowid NOT IN (SELECT rowid FROM fts_docs WHERE fts_docs MATCH ?)', params: ['"gardens"'] },
    ]);
  });

  it('when an identifier cannot be one, then the query matches nothing, and NOT of it everything', () => {
    expect(compileQuery(term('abc', 'isbn')).none).toBe(true);
    expect(compileQuery(and(term('java'), term('abc', 'isbn'))).none).toBe(true);
    expect(compileQuery(or(term('java'), term('abc', 'isbn')))).toEqual({
      match: '("java")',
      where: [],
      none: false,
    });
    expect(compileQuery(not(term('abc', 'isbn')))).toEqual({ where: [], none: false });
  });

  it('when a call number has no *, then the next character may not continue its last run', () => {
    const compiled = compileQuery(term('qa 76', 'callnumber'));
    expect(compiled.where[0]?.params).toEqual([13, 'QA76', 'QA76', '[0-9]']);
    expect(compileQuery(term('QA76', 'callnumber', true)).where[0]?.params).toEqual([13, 'QA76', 'QA76']);
  });

  it('when a year is a prefix, then it is a range; when it is not a year, then the query is refused', () => {
    expect(compileQuery(term('19', 'year', true)).where[0]?.params).toEqual([1900, 1999]);
    expect(() => compileQuery(term('abc', 'year'))).toThrow(
      expect.objectContaining({ code: 'invalid_search_query' }),
    );
  });
});
