import {
  isbn10To13,
  isbn13To10,
  isValidIsbn10,
  isValidIsbn13,
  normalizeIsbn,
} from '../../../src/domain/identifiers';

describe('normalizeIsbn', () => {
  test('when an ISBN-10 has hyphens and a qualifier, then both forms and the qualifier come back', () => {
    const result = normalizeIsbn('0-8044-2957-X (pbk.)');

    expect(result).toEqual({ isbn10: '080442957X', isbn13: '9780804429573', valid: true, qualifier: 'pbk.' });
  });

  test('when an ISBN-13 starts 978, then its 10-digit form is derived with a fresh check digit', () => {
    expect(normalizeIsbn('9780140447934')).toEqual({
      isbn13: '9780140447934',
      isbn10: '0140447938',
      valid: true,
    });
  });

  test('when an ISBN-13 starts 979, then there is no 10-digit form', () => {
    expect(normalizeIsbn('979-10-90636-07-1')).toEqual({ isbn13: '9791090636071', valid: true });
  });

  test('when spaces separate the groups, then they are read as one number', () => {
    expect(normalizeIsbn('978 0 14 044793 4').isbn13).toBe('9780140447934');
  });

  test('when a catalog writes the ISBN with text before it and ISBD punctuation after, then the number is found', () => {
    expect(normalizeIsbn('ISBN 0815769768. :')).toMatchObject({ isbn10: '0815769768', valid: true });
  });

  test('when the lower-case x check digit is used, then it is upper-cased', () => {
    expect(normalizeIsbn('750861772x').isbn10).toBe('750861772X');
  });

  test('when the check digit is wrong, then the number is kept as given and flagged invalid', () => {
    expect(normalizeIsbn('9789655220613')).toEqual({ isbn13: '9789655220613', valid: false });
    expect(normalizeIsbn('0-14-044793-X')).toEqual({ isbn10: '014044793X', valid: false });
  });

  test('when the digits are not 10 or 13 long, then nothing is normalised', () => {
    expect(normalizeIsbn('087279811')).toEqual({ valid: false });
    expect(normalizeIsbn('no isbn here')).toEqual({ valid: false });
  });

  test('when an X check digit runs on into more digits, then it is not an ISBN', () => {
    expect(normalizeIsbn('089542262X295')).toEqual({ valid: false });
  });

  test('when two numbers are separated by a space, then the first one is taken', () => {
    expect(normalizeIsbn('0140447938 9780140447934').isbn10).toBe('0140447938');
  });
});

describe('ISBN conversions and checks', () => {
  test('when converting 10 → 13 → 10, then the round trip is exact', () => {
    expect(isbn13To10(isbn10To13('0306406152'))).toBe('0306406152');
    expect(isbn10To13('0306406152')).toBe('9780306406157');
  });

  test('when the ISBN-10 check digit is X, then it validates', () => {
    expect(isValidIsbn10('080442957X')).toBe(true);
    expect(isValidIsbn10('0804429579')).toBe(false);
  });

  test('when an ISBN-13 does not start 978 or 979, then it is not an ISBN', () => {
    expect(isValidIsbn13('9770140447934')).toBe(false);
    expect(isbn13To10('9791090636071')).toBeUndefined();
  });
});
