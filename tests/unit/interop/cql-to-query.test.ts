import { parseCql } from '../../../src/interop/cql/cql-parser';
import { CqlError } from '../../../src/interop/cql/cql-error';
import { cqlToSearch } from '../../../src/interop/cql/cql-to-query';
import { parseQuery } from '../../../src/search/query/parser';

const map = (cql: string) => cqlToSearch(parseCql(cql));
const query = (cql: string) => map(cql).query;

function diagnostic(cql: string): [number, string] {
  try {
    map(cql);
  } catch (err) {
    if (err instanceof CqlError) return [err.diagnostic, err.detail];
    throw err;
  }
  throw new Error(`mapped: ${cql}`);
}

describe('CQL → the search query tree', () => {
  test('when CQL says what the query language says, then both make the same tree', () => {
    const pairs: [string, string][] = [
      ['dinosaur', 'dinosaur'],
      ['cql.serverChoice = "war and peace"', '"war and peace"'],
      ['dc.title = hamlet', 'title:hamlet'],
      ['dc.title all "war peace"', 'title:(war peace)'],
      ['dc.title any "war peace"', 'title:(war OR peace)'],
      ['dc.title adj "war and peace"', 'title:"war and peace"'],
      ['dc.creator = tolstoy and dc.subject = russia', 'author:tolstoy subject:russia'],
      [
        'dc.title = war or dc.title = peace not dc.creator = tolstoy',
        '(title:war OR title:peace) NOT author:tolstoy',
      ],
      ['dc.title = libr*', 'title:libr*'],
      ['bath.isbn = 0-14-044793-X', 'isbn:0-14-044793-X'],
      ['rec.identifier = abc', 'id:abc'],
      ['stacks.callnumber = QA76*', 'callnumber:QA76*'],
      ['stacks.language = fre', 'language:fre'],
      ['dc.date = 1990', 'year:1990'],
      ['dc.date = 199*', 'year:199*'],
      ['dc.date > 1990', 'year:>1990'],
      ['dc.date <= 1900', 'year:<=1900'],
      ['dc.date within "1990 2000"', 'year:[1990 TO 2000]'],
      ['title = hamlet', 'title:hamlet'],
      ['isbn = 0140447938', 'isbn:0140447938'],
    ];
    for (const [cql, q] of pairs) expect([cql, query(cql)]).toEqual([cql, parseQuery(q)]);
  });

  test('when an identifier has spaces, then it stays one whole value', () => {
    expect(query('bath.lccn = "n 79-21834"')).toEqual({
      type: 'term',
      field: 'lccn',
      value: 'n 79-21834',
      prefix: false,
    });
  });

  test('when dc.identifier is searched, then every identifier field is tried', () => {
    expect(query('dc.identifier = 0140447938')).toEqual({
      type: 'or',
      children: ['isbn', 'issn', 'lccn', 'oclc', 'id'].map((field) => ({
        type: 'term',
        field,
        value: '0140447938',
        prefix: false,
      })),
    });
  });

  test('when a facet-only index is searched, then a facet node matches the whole value', () => {
    expect(query('stacks.topic == "World War, 1939-1945"')).toEqual({
      type: 'facet',
      field: 'topic',
      value: 'World War, 1939-1945',
    });
    expect(query('stacks.availability = available')).toEqual({
      type: 'facet',
      field: 'availability',
      value: 'available',
    });
  });

  test('when a masked phrase ends in *, then it is a phrase whose last word is a prefix', () => {
    expect(query('dc.title = "city hist*"')).toEqual({
      type: 'term',
      field: 'title',
      value: 'city hist',
      prefix: true,
    });
  });

  test('when masks are escaped, then they are text', () => {
    expect(query('dc.title = "M\\*A\\*S\\*H\\*"')).toEqual({
      type: 'term',
      field: 'title',
      value: 'M*A*S*H*',
      prefix: false,
    });
  });

  test('when cql.allRecords is asked, then every record matches and it drops out of AND', () => {
    expect(query('cql.allRecords = 1')).toBeUndefined();
    expect(query('cql.allRecords = 1 and dc.title = hamlet')).toEqual(parseQuery('title:hamlet'));
    expect(query('cql.allRecords = 1 not dc.title = hamlet')).toEqual(parseQuery('NOT title:hamlet'));
    expect(query('cql.allRecords = 1 or dc.title = hamlet')).toBeUndefined();
  });

  test('when sortBy names a sortable index, then the sort key comes back', () => {
    expect(map('dinosaur sortBy dc.date/sort.descending').sort).toBe('-date');
    expect(map('dinosaur sortBy dc.title').sort).toBe('title');
    expect(map('dinosaur sortBy stacks.callnumber/sort.ascending').sort).toBe('callnumber');
  });

  test('when a prefix is assigned to a known set, then its indexes are that set`s', () => {
    expect(query('>x="info:srw/cql-context-set/1/dc-v1.1" x.title = hamlet')).toEqual(
      parseQuery('title:hamlet'),
    );
  });

  test('when the query asks what the catalog cannot do, then the right diagnostic comes back', () => {
    const cases: [string, number, string][] = [
      ['dc.nothing = x', 16, 'dc.nothing'],
      ['foo = x', 16, 'foo'],
      ['zz.title = x', 15, 'zz'],
      ['>zz="urn:unknown" zz.title = x', 15, 'urn:unknown'],
      ['dc.title encloses x', 19, 'encloses'],
      ['dc.title <> x', 19, '<>'],
      ['dc.title > x', 22, 'dc.title >'],
      ['dc.title =/stem x', 20, 'stem'],
      ['dc.title =/cql.respectCase x', 20, 'cql.respectcase'],
      ['a prox b', 39, 'prox'],
      ['a and/foo b', 46, 'foo'],
      ['dc.title = ""', 27, 'dc.title'],
      ['dc.title = wom?n', 28, '?'],
      ['dc.title = *man', 28, '*'],
      ['dc.title = a*', 29, '2'],
      ['dc.title = ^hamlet', 31, '^'],
      ['dc.title = ham^let', 32, '^'],
      ['dc.date = soon', 36, 'soon'],
      ['dc.date within "2000 1990"', 36, '2000 1990'],
      ['dc.date within 1990', 36, '1990'],
      ['dinosaur sortBy dc.subject', 16, 'dc.subject'],
      ['dinosaur sortBy dc.title dc.date', 84, '1'],
      ['dinosaur sortBy dc.title/sort.missingLow', 92, 'sort.missinglow'],
      ['a not cql.allRecords=1', 48, 'not cql.allRecords'],
    ];
    for (const [cql, number, detail] of cases)
      expect([cql, ...diagnostic(cql)]).toEqual([cql, number, detail]);
  });

  test('when call numbers are compared, then a shelf-order range comes back', () => {
    expect(query('stacks.callnumber within "QA1 QA99"')).toEqual({
      type: 'callnumberRange',
      from: 'QA1',
      to: 'QA99',
    });
    expect(query('stacks.callnumber within "QA76.73\\ .J38 QB1"')).toEqual({
      type: 'callnumberRange',
      from: 'QA76.73 .J38',
      to: 'QB1',
    });
    expect(query('stacks.callnumber >= QA76')).toEqual({ type: 'callnumberRange', from: 'QA76' });
    expect(query('stacks.callnumber <= "QA76 .A1"')).toEqual({ type: 'callnumberRange', to: 'QA76 .A1' });
    expect(diagnostic('stacks.callnumber > QA76')).toEqual([22, 'stacks.callnumber >']);
    expect(diagnostic('stacks.callnumber within "QA1 QA2 QA3"')).toEqual([36, 'QA1 QA2 QA3']);
  });

  test('when a call number is anchored at its start, then it is searched as always: from the start', () => {
    expect(query('stacks.callnumber = "^QA76"')).toEqual(parseQuery('callnumber:QA76'));
  });
});
