import { AppError } from '../../../src/errors/app-error';
import type { QueryNode } from '../../../src/search/query/ast';
import { parseQuery } from '../../../src/search/query/parser';
import { printQuery } from '../../../src/search/query/print';
import { randomQuery, randomQueryText, seededRandom } from './random-query';

/** Room for escapes and factored groups, which can make printed text longer and deeper. */
const ROOMY = { maxLength: 100_000, maxDepth: 1000, maxTerms: 10_000 };

describe('printQuery', () => {
  test.each([
    ['war and peace', 'war and peace'],
    ['war AND peace', 'war peace'],
    ['war && peace || tolstoy', 'war peace OR tolstoy'],
    ['(a OR b) c', '(a OR b) c'],
    ['a OR (b c)', 'a OR b c'],
    ['-war', 'NOT war'],
    ['NOT (a b)', 'NOT (a b)'],
    ['NOT (a OR b)', 'NOT (a OR b)'],
    ['  "war   and peace"  ', '"war and peace"'],
    ['title:(war OR peace)', 'title:(war OR peace)'],
    ['title:war title:peace', 'title:(war peace)'],
    ['title:war author:tolstoy', 'title:war author:tolstoy'],
    ['NOT subject:(a b)', 'NOT subject:(a b)'],
    ['Title: hamlet', 'title:hamlet'],
    ['year:1990', 'year:1990'],
    ['year:199*', 'year:[1990 TO 1999]'],
    ['year:>1990', 'year:[1991 TO *]'],
    ['year:(1990 OR 2000)', 'year:(1990 OR 2000)'],
    ['libr*', 'libr*'],
    ['isbn:0-14-044793-X', 'isbn:0-14-044793-X'],
    ['oclc:(OCoLC)ocm01234567', 'oclc:(OCoLC)ocm01234567'],
    ['lccn:"n 79-21834"', 'lccn:"n 79-21834"'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
    ['Hamlet : prince', 'Hamlet prince'],
    ['C++ A.I. Łódź', 'C++ A.I. Łódź'],
    ['http://example.org/a', 'http://example.org/a'],
  ])('when %j is parsed and printed, then the canonical text is %j', (text, canonical) => {
    expect(printQuery(parseQuery(text))).toBe(canonical);
  });

  test('when there is no query, then the text is empty', () => {
    expect(printQuery(undefined)).toBe('');
  });

  test.each<[QueryNode, string]>([
    [{ type: 'term', value: 'AND', prefix: false }, '\\AND'],
    [{ type: 'term', value: '-war', prefix: false }, '\\-war'],
    [{ type: 'term', value: 'foo:bar', prefix: false }, 'foo\\:bar'],
    [{ type: 'term', value: '(a)', prefix: false }, '\\(a\\)'],
    [{ type: 'term', value: 'M*A*S*H*', prefix: false }, 'M\\*A\\*S\\*H\\*'],
    [{ type: 'term', value: 'a b', prefix: false }, 'a\\ b'],
    [{ type: 'term', field: 'title', value: '-war', prefix: false }, 'title:-war'],
    [{ type: 'term', field: 'title', value: 'AND', prefix: false }, 'title:AND'],
  ])('when a word would read back differently, then it is escaped: %j', (node, text) => {
    expect(printQuery(node)).toBe(text);
    expect(parseQuery(text)).toStrictEqual(node);
  });

  test('when a field group holds a word that reads as an operator or NOT, then it is escaped there', () => {
    const node: QueryNode = {
      type: 'or',
      children: [
        { type: 'term', field: 'title', value: '-war', prefix: false },
        { type: 'term', field: 'title', value: 'OR', prefix: false },
        { type: 'term', field: 'title', value: 'end\\', prefix: false },
      ],
    };
    expect(printQuery(node)).toBe('title:(\\-war OR \\OR OR end\\\\)');
    expect(parseQuery(printQuery(node))).toStrictEqual(node);
  });

  test('when 2,000 random trees in normal form are printed, then each parses back equal', () => {
    const random = seededRandom(20240611);
    for (let i = 0; i < 2000; i++) {
      const tree = randomQuery(random);
      const text = printQuery(tree);
      expect({ i, text, back: parseQuery(text, ROOMY) }).toStrictEqual({ i, text, back: tree });
    }
  });
});

describe('parseQuery fuzz', () => {
  test('when random strings of query syntax are parsed, then only AppErrors are thrown and results round-trip', () => {
    const random = seededRandom(7);
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = randomQueryText(random);
      let tree: QueryNode | undefined;
      try {
        tree = parseQuery(text);
      } catch (error) {
        if (!(error instanceof AppError))
          throw new Error(`${JSON.stringify(text)} threw ${String(error)}`, { cause: error });
        expect(['invalid_query', 'query_too_long', 'query_too_complex']).toContain(error.code);
        continue;
      }
      parsed++;
      const printed = printQuery(tree);
      expect({ text, printed, back: parseQuery(printed, ROOMY) }).toStrictEqual({
        text,
        printed,
        back: tree,
      });
    }
    // The generator should reach valid queries often enough for the round trip to mean something.
    expect(parsed).toBeGreaterThan(2000);
  });

  test('when random code points (lone surrogates, controls) are parsed, then only AppErrors are thrown', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 30);
      const units = Array.from({ length }, () =>
        random() < 0.5 ? Math.floor(random() * 128) : Math.floor(random() * 0x10000),
      );
      const text = String.fromCharCode(...units);
      try {
        parseQuery(text);
      } catch (error) {
        if (!(error instanceof AppError))
          throw new Error(`${JSON.stringify(text)} threw ${String(error)}`, { cause: error });
      }
    }
  });
});
