import { parseCql } from '../../../src/interop/cql/cql-parser';
import { cqlToSearch } from '../../../src/interop/cql/cql-to-query';
import { parseQuery } from '../../../src/search/query/parser';
import { translate } from '../../../scripts/bench/sru-queries';

/** One query of each of bench:ingest's kinds, as its sampler writes them. */
const EXAMPLES: [string, string][] = [
  ['common word', 'jazz'],
  ['rare word', 'j2me'],
  ['two words', 'grimm fairy'],
  ['phrase', '"fairy stories"'],
  ['fielded', 'author:richey'],
  ['fielded', 'title:guide'],
  ['fielded', 'subject:physical'],
  ['prefix', 'prac*'],
  ['identifier', '978-0-898-86639-1'],
];

describe('bench:sru queries', () => {
  test.each(EXAMPLES)(
    'when a %s query is written as CQL, then it is the query tree /search makes of it',
    (kind, q) => {
      const { cql } = translate(kind, q);
      expect(cqlToSearch(parseCql(cql)).query).toEqual(parseQuery(q));
    },
  );

  test('when a word is one of CQL’s own, then it is quoted, and it is still the same word', () => {
    const { cql } = translate('common word', 'prox');
    expect(cql).toBe('"prox"');
    expect(cqlToSearch(parseCql(cql)).query).toEqual(parseQuery('prox'));
  });

  test('when queries are written as PQF, then fields, conjunctions and prefixes take Bib-1 attributes', () => {
    expect(translate('fielded', 'author:richey').pqf).toBe('@attr 1=1003 richey');
    expect(translate('two words', 'grimm fairy').pqf).toBe('@and grimm fairy');
    expect(translate('prefix', 'prac*').pqf).toBe('@attr 5=1 prac');
    expect(translate('phrase', '"fairy stories"').pqf).toBe('"fairy stories"');
  });
});
