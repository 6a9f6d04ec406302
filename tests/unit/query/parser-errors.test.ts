import { AppError } from '../../../src/errors/app-error';
import { SEARCH_FIELDS } from '../../../src/search/query/ast';
import { parseQuery, type ParseOptions } from '../../../src/search/query/parser';

function failure(text: string, options?: ParseOptions): AppError {
  try {
    parseQuery(text, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('parseQuery: syntax errors', () => {
  test.each([
    ['"war and peace', 14, 'end of query', 'unterminated phrase at position 14'],
    ['title:"war', 10, 'end of query', 'unterminated phrase'],
    ['(war OR peace', 13, 'end of query', 'group opened at position 0'],
    ['a (b (c)', 8, 'end of query', 'group opened at position 2'],
    ['war)', 3, '`)`', 'unexpected `)` at position 3'],
    [')', 0, '`)`', 'unexpected `)` at position 0'],
    ['()', 1, '`)`', 'unexpected `)` at position 1'],
    ['AND war', 0, '`AND`', 'unexpected `AND` at position 0'],
    ['war OR', 6, 'end of query', 'unexpected end of query at position 6'],
    ['war AND OR peace', 8, '`OR`', 'unexpected `OR` at position 8'],
    ['war NOT', 7, 'end of query', 'unexpected end of query'],
    ['title:', 6, 'end of query', 'a value for title:'],
    ['title: )', 7, '`)`', 'a value for title:'],
  ])('when the query is %j, then invalid_query points at position %d', (text, position, found, message) => {
    const error = failure(text);
    expect(error.code).toBe('invalid_query');
    expect(error.status).toBe(400);
    expect(error.details).toMatchObject({ position, found });
    expect(error.details['expected']).toEqual(expect.any(Array));
    expect(error.message).toContain(message);
  });

  test('when a phrase is unterminated, then the error says where it opened', () => {
    const error = failure('war "and peace');
    expect(error.details).toEqual({
      position: 14,
      found: 'end of query',
      expected: ['`"` to close the phrase opened at position 4'],
      openedAt: 4,
    });
  });

  test('when the field name is unknown, then the error names it, lists the fields and suggests one', () => {
    const error = failure('war tilte:peace');
    expect(error.code).toBe('invalid_query');
    expect(error.details).toEqual({ position: 4, found: 'tilte', expected: SEARCH_FIELDS, field: 'tilte' });
    expect(error.message).toMatch(/^unknown field `tilte` at position 4: expected title, author, .* or id/);
    expect(error.message).toContain('did you mean title:?');
  });

  test('when an unknown field is nothing like a known one, then no field is suggested', () => {
    const error = failure('zzzzzz:x');
    expect(error.message).toContain('unknown field `zzzzzz`');
    expect(error.message).not.toContain('did you mean');
  });

  test('when a phrase ends in *, then the error says a phrase cannot be a prefix', () => {
    const error = failure('title:"war and pea"*');
    expect(error.details).toMatchObject({ position: 19, found: '*' });
    expect(error.message).toContain('a phrase cannot be a prefix');
  });

  test('when a prefix has fewer than two letters or digits, then it is rejected', () => {
    for (const [text, position] of [
      ['a*', 0],
      ['war x*', 4],
      ['title:é*', 6],
      ['C+*', 0],
      ['war -*', 5],
    ] as const) {
      const error = failure(text);
      expect(error.code).toBe('invalid_query');
      expect(error.details['position']).toBe(position);
      expect(error.message).toContain('is too short');
    }
  });

  test.each([
    ['year:abc', 5, 'invalid year `abc`'],
    ['year:"nineteen"', 5, 'invalid year `"nineteen"`'],
    ['year:[1990 TO', 5, 'invalid year `[1990`'],
    ['year:[1990 2000]', 5, 'invalid year'],
    ['year:12345', 5, 'invalid year `12345`'],
    ['year:(1990 OR x)', 14, 'invalid year `x`'],
    ['year:[2000 TO 1990]', 5, 'empty year range `[2000 TO 1990]`'],
    ['year:2000-1990', 5, '2000 is after 1990'],
    ['year:>9999', 5, 'empty year range'],
    ['year:<0', 5, 'before year 0'],
  ])('when the year value is %j, then the error points at it', (text, position, message) => {
    const error = failure(text);
    expect(error.code).toBe('invalid_query');
    expect(error.details['position']).toBe(position);
    expect(error.message).toContain(message);
  });

  test('when the text before the error has astral characters, then positions count code points', () => {
    const error = failure('😀😀 (a');
    expect(error.details['position']).toBe(5);
    expect(failure('東京 "x').details['openedAt']).toBe(3);
  });
});

describe('parseQuery: bounds', () => {
  test('when the query is longer than the limit, then query_too_long gives length and limit', () => {
    const error = failure('a'.repeat(1001));
    expect(error.code).toBe('query_too_long');
    expect(error.details).toEqual({ length: 1001, limit: 1000 });
    expect(parseQuery('a'.repeat(1000))).toEqual({ type: 'term', value: 'a'.repeat(1000), prefix: false });
  });

  test('when the length limit is counted, then astral characters count once', () => {
    expect(parseQuery('😀x'.repeat(500))).toBeDefined();
    expect(failure('😀x'.repeat(6), { maxLength: 11 }).details).toEqual({ length: 12, limit: 11 });
  });

  test('when groups nest deeper than the limit, then query_too_complex points at the group', () => {
    expect(parseQuery(`${'('.repeat(20)}a${')'.repeat(20)}`)).toBeDefined();
    const error = failure(`${'('.repeat(21)}a${')'.repeat(21)}`);
    expect(error.code).toBe('query_too_complex');
    expect(error.details).toEqual({ reason: 'depth', limit: 20, position: 20 });
  });

  test('when NOTs and field groups nest, then they count toward the depth', () => {
    expect(failure('NOT NOT NOT a', { maxDepth: 2 }).details).toMatchObject({ reason: 'depth', position: 8 });
    expect(failure('(title:(a))', { maxDepth: 1 }).details).toMatchObject({ reason: 'depth', position: 7 });
  });

  test('when there are more terms than the limit, then query_too_complex names the one too many', () => {
    expect(parseQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))).toBeDefined();
    const error = failure(Array.from({ length: 101 }, (_, i) => `w${i}`).join(' '));
    expect(error.code).toBe('query_too_complex');
    expect(error.details).toEqual({ reason: 'terms', limit: 100, position: 390 });
  });

  test('when punctuation is dropped, then it does not count as a term', () => {
    expect(parseQuery('a : b / c', { maxTerms: 3 })).toBeDefined();
  });

  test('when a huge input arrives, then it is refused before any parsing', () => {
    const error = failure('('.repeat(1_000_000));
    expect(error.code).toBe('query_too_long');
  });
});
