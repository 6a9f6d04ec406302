import {
  isMarkedOclc,
  isValidIssn,
  isValidLccn,
  normalizeIssn,
  normalizeLccn,
  normalizeOclc,
} from '../../../src/domain/identifiers';

describe('normalizeIssn', () => {
  test('when an ISSN has its hyphen, then it is kept in NNNN-NNNX form and validated', () => {
    expect(normalizeIssn('0378-5955')).toEqual({ normalized: '0378-5955', valid: true });
  });

  test('when the hyphen is missing and the check digit is x, then it is normalised', () => {
    expect(normalizeIssn('2434561x ;')).toEqual({ normalized: '2434-561X', valid: true });
  });

  test('when the check digit is wrong, then it is normalised but invalid', () => {
    expect(normalizeIssn('0378-5954')).toEqual({ normalized: '0378-5954', valid: false });
  });

  test('when the text has no ISSN shape, then there is no normalised form', () => {
    expect(normalizeIssn('123-456')).toEqual({ valid: false });
    expect(isValidIssn('0317-8471')).toBe(true);
  });
});

describe('normalizeLccn (LoC algorithm, https://www.loc.gov/marc/lccn-namespace.html)', () => {
  test.each([
    ['n78-890351', 'n78890351'],
    ['n78-89035', 'n78089035'],
    ['n 78890351 ', 'n78890351'],
    [' 85000002 ', '85000002'],
    ['85-2 ', '85000002'],
    ['2001-000002', '2001000002'],
    ['75-425165//r75', '75425165'],
    [' 79139101 /AC/r932', '79139101'],
  ])('when LoC normalises %j, then we give %j', (input, expected) => {
    expect(normalizeLccn(input)).toBe(expected);
  });

  test('when the prefix is upper case or a stray character came from a conversion, then it is folded away', () => {
    expect(normalizeLccn('CA 34001802')).toBe('ca34001802');
    expect(normalizeLccn('ʹ  75002321 ')).toBe('75002321');
  });

  test('when the value is blank, then there is no LCCN', () => {
    expect(normalizeLccn('   ')).toBeUndefined();
  });

  test('when checking normalised syntax, then the length rules of the namespace apply', () => {
    expect(
      ['85000002', 'n78890351', '2001000002', 'sc83003257', 'agr25000002', 'sn2001000002'].map(isValidLccn),
    ).toEqual([true, true, true, true, true, true]);
    expect(['8500002', '1n8890351', 'abcd85000002', '85-2'].map(isValidLccn)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('normalizeOclc', () => {
  test.each([
    ['(OCoLC)ocm00012345', '12345'],
    ['(OCoLC)12345', '12345'],
    ['(OCoLC) 000012345 ', '12345'],
    ['ocn613515810', '613515810'],
    ['on1234567890', '1234567890'],
    ['0005853149', '5853149'],
  ])('when the value is %j, then the number is %j', (input, expected) => {
    expect(normalizeOclc(input)).toBe(expected);
  });

  test('when an (OCoLC) value holds no number, then it is ignored', () => {
    expect(normalizeOclc('(OCoLC)-')).toBeUndefined();
    expect(normalizeOclc('(OCoLC)abc123')).toBeUndefined();
    expect(normalizeOclc('(OCoLC)0000')).toBeUndefined();
  });

  test('when a 035 value carries another system prefix or none, then it is not marked as OCLC', () => {
    expect(isMarkedOclc('(DLC) 12345')).toBe(false);
    expect(isMarkedOclc('12345')).toBe(false);
    expect(isMarkedOclc('(OCoLC)12345')).toBe(true);
    expect(isMarkedOclc('ocm12345')).toBe(true);
  });
});
