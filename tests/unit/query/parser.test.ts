import type { QueryNode, SearchField } from '../../../src/search/query/ast';
import { parseQuery } from '../../../src/search/query/parser';

const t = (value: string, field?: SearchField, prefix = false): QueryNode =>
  field ? { type: 'term', field, value, prefix } : { type: 'term', value, prefix };
const p = (value: string, field?: SearchField): QueryNode =>
  field ? { type: 'phrase', field, value } : { type: 'phrase', value };
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });
const years = (from?: number, to?: number): QueryNode => {
  const node: QueryNode = { type: 'range', field: 'year' };
  if (from !== undefined) node.from = from;
  if (to !== undefined) node.to = to;
  return node;
};

describe('parseQuery: words, phrases and operators', () => {
  test.each([
    ['', undefined],
    ['   \t\n', undefined],
    ['*', undefined],
    [' * ', undefined],
  ])('when the query is %j, then it matches everything (undefined)', (text, expected) => {
    expect(parseQuery(text)).toBe(expected);
  });

  test('when there is one word, then the AST is a single term without a field', () => {
    expect(parseQuery('tolstoy')).toStrictEqual(t('tolstoy'));
  });

  test('when words are adjacent, then they combine with an implicit AND', () => {
    expect(parseQuery('war peace tolstoy')).toStrictEqual(and(t('war'), t('peace'), t('tolstoy')));
  });

  test('when operators are lowercase, then they are ordinary words', () => {
    expect(parseQuery('war and peace')).toStrictEqual(and(t('war'), t('and'), t('peace')));
    expect(parseQuery('to be or not to be')).toStrictEqual(
      and(t('to'), t('be'), t('or'), t('not'), t('to'), t('be')),
    );
  });

  test('when AND, OR and NOT are uppercase, then they are operators', () => {
    expect(parseQuery('war AND peace')).toStrictEqual(and(t('war'), t('peace')));
    expect(parseQuery('war OR peace')).toStrictEqual(or(t('war'), t('peace')));
    expect(parseQuery('war NOT peace')).toStrictEqual(and(t('war'), not(t('peace'))));
    expect(parseQuery('NOT peace')).toStrictEqual(not(t('peace')));
  });

  test('when && and || are used, then they mean AND and OR', () => {
    expect(parseQuery('a || b && c')).toStrictEqual(or(t('a'), and(t('b'), t('c'))));
  });

  test('when a word starts with -, then it is negated; a lone - or -- is punctuation', () => {
    expect(parseQuery('war -peace')).toStrictEqual(and(t('war'), not(t('peace'))));
    expect(parseQuery('-"war and peace" -(a b)')).toStrictEqual(
      and(not(p('war and peace')), not(and(t('a'), t('b')))),
    );
    expect(parseQuery('United States -- History - Civil War')).toStrictEqual(
      and(t('United'), t('States'), t('History'), t('Civil'), t('War')),
    );
    expect(parseQuery('Spider-Man')).toStrictEqual(t('Spider-Man'));
  });

  test('when NOT, AND and OR mix, then NOT binds tightest and OR loosest', () => {
    expect(parseQuery('a OR b c')).toStrictEqual(or(t('a'), and(t('b'), t('c'))));
    expect(parseQuery('a b OR c')).toStrictEqual(or(and(t('a'), t('b')), t('c')));
    expect(parseQuery('a AND b OR c AND d')).toStrictEqual(or(and(t('a'), t('b')), and(t('c'), t('d'))));
    expect(parseQuery('NOT a OR b')).toStrictEqual(or(not(t('a')), t('b')));
    expect(parseQuery('NOT a b')).toStrictEqual(and(not(t('a')), t('b')));
    expect(parseQuery('NOT NOT a')).toStrictEqual(not(not(t('a'))));
  });

  test('when parentheses group, then they override precedence', () => {
    expect(parseQuery('(a OR b) c')).toStrictEqual(and(or(t('a'), t('b')), t('c')));
    expect(parseQuery('NOT (a OR b)')).toStrictEqual(not(or(t('a'), t('b'))));
    expect(parseQuery('((a))')).toStrictEqual(t('a'));
  });

  test('when groups of the same operator nest, then they are flattened', () => {
    expect(parseQuery('a (b (c d))')).toStrictEqual(and(t('a'), t('b'), t('c'), t('d')));
    expect(parseQuery('a OR (b OR c)')).toStrictEqual(or(t('a'), t('b'), t('c')));
  });

  test('when a phrase is quoted, then its words stay together with spacing tidied', () => {
    expect(parseQuery('"war  and\tpeace"')).toStrictEqual(p('war and peace'));
    expect(parseQuery(' " padded " ')).toStrictEqual(p('padded'));
    expect(parseQuery('"say \\"hi\\""')).toStrictEqual(p('say "hi"'));
  });

  test('when a phrase or word has no letter or digit, then it is dropped as punctuation', () => {
    expect(parseQuery('Hamlet : prince / Shakespeare ; ed. = & ""')).toStrictEqual(
      and(t('Hamlet'), t('prince'), t('Shakespeare'), t('ed.')),
    );
    expect(parseQuery(': / ;')).toBeUndefined();
    expect(parseQuery('a OR (: /)')).toStrictEqual(t('a'));
    expect(parseQuery('NOT &')).toBeUndefined();
  });

  test('when a word ends in *, then it is a prefix', () => {
    expect(parseQuery('libr*')).toStrictEqual(t('libr', undefined, true));
    expect(parseQuery('libr** 東京*')).toStrictEqual(
      and(t('libr', undefined, true), t('東京', undefined, true)),
    );
  });

  test('when * is inside a word or escaped, then it is text', () => {
    expect(parseQuery('M*A*S*H')).toStrictEqual(t('M*A*S*H'));
    expect(parseQuery('M*A*S*H\\*')).toStrictEqual(t('M*A*S*H*'));
  });

  test('when a backslash escapes a character, then it is plain text', () => {
    expect(parseQuery('\\AND \\-war foo\\:bar a\\ b \\(x\\)')).toStrictEqual(
      and(t('AND'), t('-war'), t('foo:bar'), t('a b'), t('(x)')),
    );
    expect(parseQuery('trailing\\')).toStrictEqual(t('trailing\\'));
  });
});

describe('parseQuery: fields', () => {
  test('when a word has a field, then the term carries it', () => {
    expect(parseQuery('title:hamlet author:"Shakespeare, William"')).toStrictEqual(
      and(t('hamlet', 'title'), p('Shakespeare, William', 'author')),
    );
  });

  test('when every field is used, then each is recognised', () => {
    for (const field of [
      'title',
      'author',
      'subject',
      'publisher',
      'series',
      'language',
      'format',
    ] as const) {
      expect(parseQuery(`${field}:x1`)).toStrictEqual(t('x1', field));
    }
    expect(parseQuery('callnumber:QA76* id:stk000001')).toStrictEqual(
      and(t('QA76', 'callnumber', true), t('stk000001', 'id')),
    );
  });

  test('when a field name is capitalised or followed by a space, then it is still the field', () => {
    expect(parseQuery('Title: hamlet')).toStrictEqual(t('hamlet', 'title'));
    expect(parseQuery('ISBN: 0140447938')).toStrictEqual(t('0140447938', 'isbn'));
  });

  test('when a field applies to a group, then every term inside takes it', () => {
    expect(parseQuery('title:(war OR peace) tolstoy')).toStrictEqual(
      and(or(t('war', 'title'), t('peace', 'title')), t('tolstoy')),
    );
    expect(parseQuery('subject:(history -"civil war")')).toStrictEqual(
      and(t('history', 'subject'), not(p('civil war', 'subject'))),
    );
  });

  test('when a field appears inside a field group, then the inner field wins', () => {
    expect(parseQuery('title:(war author:tolstoy)')).toStrictEqual(
      and(t('war', 'title'), t('tolstoy', 'author')),
    );
  });

  test('when a field value holds -, : or /, then they belong to the value', () => {
    expect(parseQuery('title:-war')).toStrictEqual(t('-war', 'title'));
    expect(parseQuery('title:author:x')).toStrictEqual(t('author:x', 'title'));
    expect(parseQuery('id:oai:example.org:123/4')).toStrictEqual(t('oai:example.org:123/4', 'id'));
    expect(parseQuery('title:AND')).toStrictEqual(t('AND', 'title'));
  });

  test('when an unknown name ends in a colon and a space, then it is title text (pasted ISBD)', () => {
    expect(parseQuery('Hamlet: prince of Denmark')).toStrictEqual(
      and(t('Hamlet'), t('prince'), t('of'), t('Denmark')),
    );
    expect(parseQuery('(Hamlet:)')).toStrictEqual(t('Hamlet'));
  });

  test('when colons sit inside quotes, a URL or after digits, then they are text', () => {
    expect(parseQuery('"Title: A subtitle"')).toStrictEqual(p('Title: A subtitle'));
    expect(parseQuery('http://example.org/x?a=b')).toStrictEqual(t('http://example.org/x?a=b'));
    expect(parseQuery('10:30')).toStrictEqual(t('10:30'));
  });
});

describe('parseQuery: years', () => {
  test.each<[string, QueryNode]>([
    ['year:1990', years(1990, 1990)],
    ['year:[1990 TO 2000]', years(1990, 2000)],
    ['year:[1990 to 2000]', years(1990, 2000)],
    ['year:[ 1990  TO 2000 ]', years(1990, 2000)],
    ['year:[* TO 1900]', years(undefined, 1900)],
    ['year:[1900 TO *]', years(1900)],
    ['year:[* TO *]', years()],
    ['year:*', years()],
    ['year:{1990 TO 2000}', years(1991, 1999)],
    ['year:[1990 TO 2000}', years(1990, 1999)],
    ['year:1990-2000', years(1990, 2000)],
    ['year:1990-', years(1990)],
    ['year:-1900', years(undefined, 1900)],
    ['year:199*', years(1990, 1999)],
    ['year:19*', years(1900, 1999)],
    ['year:>1990', years(1991)],
    ['year:>=1990', years(1990)],
    ['year:<1900', years(undefined, 1899)],
    ['year:<=1900', years(undefined, 1900)],
    ['year:"1990"', years(1990, 1990)],
    ['YEAR: 1990', years(1990, 1990)],
  ])('when the query is %s, then it is one inclusive year range', (text, expected) => {
    expect(parseQuery(text)).toStrictEqual(expected);
  });

  test('when year applies to a group, then each value inside is a year', () => {
    expect(parseQuery('year:(1990 OR [1995 TO 2000] OR 201*) NOT year:2005')).toStrictEqual(
      and(or(years(1990, 1990), years(1995, 2000), years(2010, 2019)), not(years(2005, 2005))),
    );
  });

  test('when a bare [1990 TO 2000] has no year field, then it is words', () => {
    expect(parseQuery('[1990 TO 2000]')).toStrictEqual(and(t('[1990'), t('TO'), t('2000]')));
  });
});

describe('parseQuery: catalog text people paste', () => {
  test('when words are in other scripts or carry diacritics, then they are kept as typed', () => {
    expect(parseQuery('Łódź 東京 Straße ΕΛΛΆΔΑ')).toStrictEqual(
      and(t('Łódź'), t('東京'), t('Straße'), t('ΕΛΛΆΔΑ')),
    );
  });

  test('when a word arrives decomposed (NFD), then the AST holds it composed (NFC)', () => {
    expect(parseQuery('Lo\u0301dz\u0301 "Stras\u0327e"')).toStrictEqual(and(t('Lódź'), p('Straşe')));
  });

  test('when punctuation-heavy titles are typed, then the parser keeps the words', () => {
    expect(parseQuery('C++ A.I. "war & peace" R&D')).toStrictEqual(
      and(t('C++'), t('A.I.'), p('war & peace'), t('R&D')),
    );
  });

  test('when a subject heading is pasted, then its -- separators vanish', () => {
    expect(parseQuery('subject:"World War, 1939-1945 -- Campaigns -- France"')).toStrictEqual(
      p('World War, 1939-1945 -- Campaigns -- France', 'subject'),
    );
  });

  test('when control characters or odd spaces separate words, then they are spaces', () => {
    expect(parseQuery('a\u0000b\u00a0c\u3000d\ufeffe')).toStrictEqual(
      and(t('a'), t('b'), t('c'), t('d'), t('e')),
    );
  });
});
