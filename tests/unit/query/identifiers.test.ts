import type { SearchField } from '../../../src/search/query/ast';
import { identifierKind } from '../../../src/search/query/identifier-kind';
import { parseQuery } from '../../../src/search/query/parser';

describe('parseQuery: identifier values stay whole', () => {
  test.each<[string, SearchField, string, 'term' | 'phrase']>([
    ['isbn:0-14-044793-X', 'isbn', '0-14-044793-X', 'term'],
    ['isbn:0-14-044793-x', 'isbn', '0-14-044793-x', 'term'],
    ['isbn:978-0-14-044793-4', 'isbn', '978-0-14-044793-4', 'term'],
    ['isbn:9780140447934', 'isbn', '9780140447934', 'term'],
    ['isbn:"0 14 044793 X"', 'isbn', '0 14 044793 X', 'phrase'],
    ['isbn:"978 0 14 044793 4"', 'isbn', '978 0 14 044793 4', 'phrase'],
    ['issn:0028-0836', 'issn', '0028-0836', 'term'],
    ['issn:1050-124X', 'issn', '1050-124X', 'term'],
    ['lccn:n79021834', 'lccn', 'n79021834', 'term'],
    ['lccn:79-21834', 'lccn', '79-21834', 'term'],
    ['lccn:"n 79-21834"', 'lccn', 'n 79-21834', 'phrase'],
    ['lccn:"  85000002 "', 'lccn', '85000002', 'phrase'],
    ['lccn:2001-627508', 'lccn', '2001-627508', 'term'],
    ['lccn:sn78000123', 'lccn', 'sn78000123', 'term'],
    ['oclc:(OCoLC)ocm01234567', 'oclc', '(OCoLC)ocm01234567', 'term'],
    ['oclc:(OCoLC)12345', 'oclc', '(OCoLC)12345', 'term'],
    ['oclc:ocm00012345', 'oclc', 'ocm00012345', 'term'],
    ['oclc:ocn123456789', 'oclc', 'ocn123456789', 'term'],
    ['oclc:on1234567890', 'oclc', 'on1234567890', 'term'],
    ['oclc:"(OCoLC) 12345"', 'oclc', '(OCoLC) 12345', 'phrase'],
    ['id:(DE-588)4001234-5', 'id', '(DE-588)4001234-5', 'term'],
    ['callnumber:"QA76.73 .J38"', 'callnumber', 'QA76.73 .J38', 'phrase'],
    ['callnumber:PS3545.I345', 'callnumber', 'PS3545.I345', 'term'],
    ['callnumber:"823/.914"', 'callnumber', '823/.914', 'phrase'],
    ['callnumber:823/.914', 'callnumber', '823/.914', 'term'],
  ])('when the query is %s, then the %s value is one %s', (text, field, value, type) => {
    const node = parseQuery(text);
    expect(node).toEqual(type === 'term' ? { type, field, value, prefix: false } : { type, field, value });
  });

  test('when an identifier field ends in *, then it is a prefix', () => {
    expect(parseQuery('callnumber:QA76*')).toEqual({
      type: 'term',
      field: 'callnumber',
      value: 'QA76',
      prefix: true,
    });
    expect(parseQuery('isbn:978014*')).toEqual({
      type: 'term',
      field: 'isbn',
      value: '978014',
      prefix: true,
    });
  });

  test('when an identifier field takes a group, then org-code prefixes inside stay on their numbers', () => {
    expect(parseQuery('oclc:((OCoLC)123 OR ocm01234567) isbn:(0-14-044793-X OR 9780140447934)')).toEqual({
      type: 'and',
      children: [
        {
          type: 'or',
          children: [
            { type: 'term', field: 'oclc', value: '(OCoLC)123', prefix: false },
            { type: 'term', field: 'oclc', value: 'ocm01234567', prefix: false },
          ],
        },
        {
          type: 'or',
          children: [
            { type: 'term', field: 'isbn', value: '0-14-044793-X', prefix: false },
            { type: 'term', field: 'isbn', value: '9780140447934', prefix: false },
          ],
        },
      ],
    });
  });

  test('when a bare identifier is typed, then it is one term', () => {
    for (const text of ['0-14-044793-X', '(OCoLC)ocm01234567', 'n79-21834', '978-0-14-044793-4']) {
      expect(parseQuery(text)).toEqual({ type: 'term', value: text, prefix: false });
    }
  });

  test('when a word in parentheses is followed by a space, then it is a group, not an org code', () => {
    expect(parseQuery('(OCoLC) 12345')).toEqual({
      type: 'and',
      children: [
        { type: 'term', value: 'OCoLC', prefix: false },
        { type: 'term', value: '12345', prefix: false },
      ],
    });
  });
});

describe('identifierKind', () => {
  test.each([
    ['0140447938', 'isbn'],
    ['0-14-044793-8', 'isbn'],
    ['080442957X', 'isbn'],
    ['0-8044-2957-x', 'isbn'],
    ['9780140447934', 'isbn'],
    ['978-0-14-044793-4', 'isbn'],
    ['978 0 14 044793 4', 'isbn'],
    ['ISBN 978-0-14-044793-4', 'isbn'],
    ['ISBN-10: 0140447938', 'isbn'],
    ['9791032305690', 'isbn'],
    ['0028-0836', 'issn'],
    ['1050-124X', 'issn'],
    ['ISSN 0317-8471', 'issn'],
    ['(OCoLC)12345', 'oclc'],
    ['(OCoLC)ocm01234567', 'oclc'],
    ['(OCoLC) 12345', 'oclc'],
    ['ocm01234567', 'oclc'],
    ['ocn123456789', 'oclc'],
    ['on1234567890', 'oclc'],
    ['n79021834', 'lccn'],
    ['n 79-21834', 'lccn'],
    ['79-21834', 'lccn'],
    ['sn 78000123', 'lccn'],
    ['2001-627508', 'lccn'],
    ['n2001050268', 'lccn'],
  ])('when the text is %s, then it is recognised as %s', (text, kind) => {
    expect(identifierKind(text)).toBe(kind);
  });

  test.each([
    ['0140447939', 'ISBN-10 with a wrong check digit'],
    ['9780140447935', 'ISBN-13 with a wrong check digit'],
    ['1234567890123', 'thirteen digits that are not a 978/979 EAN'],
    ['0028-0837', 'ISSN with a wrong check digit'],
    ['00280836', 'eight bare digits (ambiguous)'],
    ['12345', 'a bare number'],
    ['1999-123456', 'a hyphenated number before 4-digit LCCN years'],
    ['(OCoLC)abc', 'an (OCoLC) value without digits'],
    ['tolstoy', 'a word'],
    ['', 'nothing'],
    ['X140447938', 'X in the wrong place'],
  ])('when the text is %s, then it is not an identifier (%s)', (text) => {
    expect(identifierKind(text)).toBeUndefined();
  });
});
