import { detectScheme } from '../../../../src/domain/items/call-number-scheme';

describe('detectScheme', () => {
  it.each([
    ['QA76.73 .J38', 'lc'],
    ['REF PG3366 .A1', 'lc'],
    ['823.914 SMI', 'dewey'],
    ['FIC KING', 'other'],
  ])('when the call number is %j, then the scheme is %s', (value, scheme) => {
    expect(detectScheme(value)).toBe(scheme);
  });
});
