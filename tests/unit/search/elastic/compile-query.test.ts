import { compileQuery, escapeRegexp, MATCH_NONE } from '../../../../src/search/elastic/compile-query';
import type { QueryNode, SearchField } from '../../../../src/search/query/ast';
import { parseQuery } from '../../../../src/search/query/parser';

const term = (value: string, field?: SearchField, prefix = false): QueryNode =>
  field === undefined ? { type: 'term', value, prefix } : { type: 'term', field, value, prefix };
const filterOf = (query: unknown) => (query as { bool: { filter: unknown[] } }).bool.filter[0];

describe('compileQuery (query DSL)', () => {
  it('when a fielded word is folded, then it is one match on that field with its boost', () => {
    expect(compileQuery(term('Łódź', 'title'))).toEqual({ match: { title: { query: 'lodz', boost: 10 } } });
  });

  it('when a word has no field, then every text field is asked, heaviest boost on the title', () => {
    const query = compileQuery(term('straße')) as {
      bool: { should: unknown[]; minimum_should_match: number };
    };
    expect(query.bool.minimum_should_match).toBe(1);
    expect(query.bool.should).toEqual([
      { match: { title: { query: 'strasse', boost: 10 } } },
      { match: { author: { query: 'strasse', boost: 5 } } },
      { match: { subject: { query: 'strasse', boost: 3 } } },
      { match: { series: { query: 'strasse', boost: 1 } } },
      { match: { publisher: { query: 'strasse', boost: 1 } } },
      { match: { other: { query: 'strasse', boost: 1 } } },
    ]);
  });

  it('when a CJK run is searched, then it is a phrase of single characters', () => {
    expect(compileQuery(term('京大', 'title'))).toEqual({
      match_phrase: { title: { query: '京 大', boost: 10 } },
    });
  });

  it('when a word ends in *, then it is a prefix query; a multi-word prefix is a phrase prefix', () => {
    expect(compileQuery(term('Garden', 'series', true))).toEqual({
      prefix: { series: { value: 'garden', boost: 1 } },
    });
    expect(compileQuery(term('東京', 'title', true))).toMatchObject({
      match_phrase_prefix: { title: { query: '東 京' } },
    });
  });

  it('when a word folds to nothing, then it matches nothing', () => {
    expect(compileQuery(term('--', 'title'))).toEqual(MATCH_NONE);
  });

  it('when an ISBN is searched, then both forms are identifier tokens in a filter', () => {
    expect(filterOf(compileQuery(term('0-306-40615-2', 'isbn')))).toEqual({
      terms: { ids: ['isbn9780306406157', 'isbn0306406152'] },
    });
    expect(filterOf(compileQuery(term('abc', 'isbn')))).toEqual(MATCH_NONE);
  });

  it('when an id is searched, then the record id or the control number matches', () => {
    expect(filterOf(compileQuery(term(' c05 ', 'id')))).toEqual({
      bool: { should: [{ term: { id: 'c05' } }, { terms: { ids: ['cnc05'] } }], minimum_should_match: 1 },
    });
  });

  it('when a call number ends in a digit, then the next character may not be a digit', () => {
    expect(filterOf(compileQuery(term('qa 76.73', 'callnumber')))).toEqual({
      regexp: { call_forms: { value: 'QA76\\.73([^0-9].*)?', flags: 'NONE' } },
    });
    expect(filterOf(compileQuery(term('QA76', 'callnumber', true)))).toEqual({
      prefix: { call_forms: { value: 'QA76' } },
    });
  });

  it('when text goes into a regexp, then every operator character is escaped', () => {
    expect(escapeRegexp('A.B*C(D)|E "F" #@&<>~ Ł')).toBe(
      'A\\.B\\*C\\(D\\)\\|E\\ \\"F\\"\\ \\#\\@\\&\\<\\>\\~\\ Ł',
    );
  });

  it('when format or language is searched, then the ASCII-case-folded key is matched', () => {
    expect(filterOf(compileQuery(term(' Journal ', 'format')))).toEqual({
      term: { 'facet.format.key': { value: 'Journal' } },
    });
    expect(filterOf(compileQuery(term('Fr', 'language', true)))).toEqual({
      prefix: { 'facet_prefix.language': { value: 'fr' } },
    });
  });

  it('when a year or a decade is searched, then it is a term or a range; a bad year is refused', () => {
    expect(filterOf(compileQuery(term('1987', 'year')))).toEqual({ term: { year: 1987 } });
    expect(filterOf(compileQuery(term('19', 'year', true)))).toEqual({
      range: { year: { gte: 1900, lte: 1999 } },
    });
    expect(() => compileQuery(term('87', 'year'))).toThrow(
      expect.objectContaining({ code: 'invalid_search_query' }),
    );
  });

  it('when AND holds NOTs, then they become must_not of one bool; a lone NOT is an unscored rest', () => {
    const query = compileQuery(parseQuery('gardens -north')!) as {
      bool: { must: unknown[]; must_not: unknown[] };
    };
    expect(query.bool.must).toHaveLength(1);
    expect(query.bool.must_not).toHaveLength(1);
    expect(compileQuery(parseQuery('NOT gardens')!)).toMatchObject({
      bool: { filter: [{ match_all: {} }], must_not: [expect.anything()] },
    });
  });

  it('when hostile query text is compiled, then it only ever appears as folded words, never as DSL', () => {
    const text = 'title:("}}" OR query_string) AND {"script": 12}* wrapper';
    const keys = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
      }
    };
    walk(compileQuery(parseQuery(text)!));
    for (const forbidden of ['query_string', 'simple_query_string', 'script', 'script_score', 'wrapper']) {
      expect(keys).not.toContain(forbidden);
    }
  });
  test('when a facet node is compiled, then it is the filter on the facet key, unscored', () => {
    expect(compileQuery({ type: 'facet', field: 'topic', value: ' History ' })).toEqual({
      bool: { filter: [{ term: { 'facet.topic.key': { value: 'History' } } }] },
    });
  });

  test('when a call-number range is compiled, then it ranges over the browse keys by shelf key', () => {
    expect(compileQuery({ type: 'callnumberRange', from: 'QA76', to: 'QA99' })).toEqual({
      bool: { filter: [{ range: { 'browse.callnumber': { gte: 'L QA 276', lt: 'L QA 299\uffff' } } }] },
    });
    expect(compileQuery({ type: 'callnumberRange' })).toEqual({
      bool: { filter: [{ exists: { field: 'browse.callnumber' } }] },
    });
  });
});
