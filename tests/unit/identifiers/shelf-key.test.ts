import {
  deweyShelfKey,
  lcShelfKey,
  looksLikeDewey,
  looksLikeLc,
  shelfKey,
} from '../../../src/domain/shelf-key';

/** Sorts a shuffled copy by key (bytewise, as the indexes sort) and returns the call numbers. */
function shelve(callNumbers: readonly string[], key: (c: string) => string): string[] {
  const shuffled = [...callNumbers].reverse();
  shuffled.push(shuffled.shift() as string);
  return shuffled
    .map((c) => [key(c), c] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

describe('LC shelf keys', () => {
  test('when LC call numbers are sorted by key, then they stand in shelf order', () => {
    const shelfOrder = [
      'Q76',
      'QA1',
      'QA9 .A1',
      'QA76',
      'QA76 .A1',
      'QA76.5',
      'QA76.73.C15 1990',
      'QA76.73.J38',
      'QA76.73 .J38 S53',
      'QA76.73.J38 S53 2005',
      'QA76.73.J38 S53 2005 v.2',
      'QA76.73.J38 S53 2005 v.10',
      'QA76.73.J38 S535',
      'QA76.73.J39',
      'QA76.731',
      'QA76.9',
      'QA760',
      'QAA1',
      'QB1',
    ];

    expect(shelve(shelfOrder, lcShelfKey)).toEqual(shelfOrder);
  });

  test('when the same call number is spaced, punctuated or cased differently, then the key is the same', () => {
    const forms = [
      'QA76.73.J38 S53 2005',
      'QA 76.73 .J38 S53 2005',
      'qa76.73.j38 s53 2005',
      ' QA76.73 .J38  S53 2005 ',
    ];

    expect(new Set(forms.map(lcShelfKey)).size).toBe(1);
  });

  test('when a cutter has a work letter or a date sits between cutters, then both are read', () => {
    expect(lcShelfKey('F63 .P821a')).toBe('L F  263 P821A');
    expect(lcShelfKey('G1201.S1 1983 .R3')).toBe('L G  41201 S1 41983 R3');
    expect(shelve(['F63 .P82', 'F63 .P821b', 'F63 .P821a'], lcShelfKey)).toEqual([
      'F63 .P82',
      'F63 .P821a',
      'F63 .P821b',
    ]);
  });

  test('when numbers have more digits than usual, then they still file by value', () => {
    expect(shelve(['PS11205 .S5', 'PS1123 .B93', 'PS866 .W5'], lcShelfKey)).toEqual([
      'PS866 .W5',
      'PS1123 .B93',
      'PS11205 .S5',
    ]);
    expect(shelve(['MLCM 92/07050', 'MLCM 92/7049', 'MLCM 92/123456789012'], lcShelfKey)).toEqual([
      'MLCM 92/7049',
      'MLCM 92/07050',
      'MLCM 92/123456789012',
    ]);
  });

  test('when a location prefix stands before the class, then it files after the same number without it', () => {
    expect(shelve(['QA76.91', 'REF QA76.9', 'QA76.9'], lcShelfKey)).toEqual([
      'QA76.9',
      'REF QA76.9',
      'QA76.91',
    ]);
  });

  test('when text is not LC-shaped, then it files after every LC call number', () => {
    expect(shelve(['Microfilm 35334 G', 'ZA4080 .B4', 'A1'], lcShelfKey)).toEqual([
      'A1',
      'ZA4080 .B4',
      'Microfilm 35334 G',
    ]);
    expect(looksLikeLc('Microfilm 35334 G')).toBe(false);
    expect(looksLikeLc('REF QA76.9')).toBe(true);
  });
});

describe('Dewey shelf keys', () => {
  test('when Dewey call numbers are sorted by key, then they stand in shelf order', () => {
    const shelfOrder = [
      '5',
      '5.1',
      '15',
      '100',
      '330.9',
      '813.52',
      '813.54',
      '813.54 A',
      '813.54 T',
      '813.54 T 1990',
      '813.54 T 1990 v.2',
      '813.54 T 1990 v.10',
      '813.54 T2',
      '813.6',
      'REF 813.6',
      '900',
      'FIC KING',
    ];

    expect(shelve(shelfOrder, deweyShelfKey)).toEqual(shelfOrder);
  });

  test('when segmentation marks, primes or brackets are present, then they are ignored', () => {
    expect(deweyShelfKey('813/.54')).toBe(deweyShelfKey('813.54'));
    expect(deweyShelfKey("823'.914")).toBe('D 823.914');
    expect(deweyShelfKey('[Fic]')).toBe(deweyShelfKey('FIC'));
  });

  test('when the integer part is short, then it is zero-padded so 5 < 15 < 100', () => {
    expect([deweyShelfKey('5'), deweyShelfKey('15'), deweyShelfKey('100')]).toEqual([
      'D 005',
      'D 015',
      'D 100',
    ]);
    expect(looksLikeDewey('J599.75 S')).toBe(true);
    expect(looksLikeDewey('FIC KING')).toBe(false);
  });
});

describe('shelfKey', () => {
  test('when keys of both schemes are sorted together, then the schemes never interleave', () => {
    const keys = [
      shelfKey('QA76', 'lc'),
      shelfKey('813.54', 'dewey'),
      shelfKey('A1', 'lc'),
      shelfKey('FIC', 'dewey'),
      shelfKey('Microfilm 1', 'lc'),
      shelfKey('001', 'dewey'),
    ].sort();

    expect(keys.map((k) => k[0])).toEqual(['D', 'D', 'D', 'L', 'L', 'L']);
  });
});
