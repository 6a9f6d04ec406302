import { foldText, sortKey, titleSortKey, trimPunctuation } from '../../../src/mapping';
import { trimTrailingIsbd } from '../../../src/mapping/transforms/punctuation.transform';

describe('trimPunctuation', () => {
  test.each([
    ['War and peace /', 'War and peace'],
    ['Paris :', 'Paris'],
    ['Grasset,', 'Grasset'],
    ['Cyllidebau ysgolion =', 'Cyllidebau ysgolion'],
    ['Tolstoy, Leo,', 'Tolstoy, Leo'],
    ['1828-1910.', '1828-1910'],
    ['Fiction.', 'Fiction'],
    ['Smith, J.', 'Smith, J.'],
    ['U.S.', 'U.S.'],
    ['24 cm.', '24 cm.'],
    ['1944-', '1944-'],
    ['[London', 'London'],
    ['1992]', '1992'],
    ['[1975]', '1975'],
    ['[Science Council of Japan]', 'Science Council of Japan'],
    ['[s.n.]', '[s.n.]'],
    ['[yesu Samāja Saṅgati,]', 'yesu Samāja Saṅgati'],
    ['[S.l.] :', '[S.l.]'],
    ['Paris [France]', 'Paris [France]'],
    ['刘宁.', '刘宁'],
    ['  padded ;  ', 'padded'],
    ['', ''],
  ])('when the value is %j, then it becomes %j', (input, expected) => {
    expect(trimPunctuation(input)).toBe(expected);
  });

  test('when only ISBD marks are to go, then a final period stays', () => {
    expect(trimTrailingIsbd('Title proper. :')).toBe('Title proper.');
  });
});

describe('sort keys', () => {
  test('when folding, then diacritics go and letters without a decomposition are spelled out', () => {
    expect(foldText('Du côté de chez Swann')).toBe('du cote de chez swann');
    expect(foldText('Æsop; Straße nach Łódź')).toBe('aesop; strasse nach lodz');
  });

  test('when making a sort key, then leading punctuation, trailing ISBD and extra spaces go', () => {
    expect(sortKey('  "[The]  Bijou, or Annual /')).toBe('the] bijou, or annual');
    expect(sortKey('...And then there were none.')).toBe('and then there were none');
  });

  test('when non-filing characters are skipped, then articles drop out of the key', () => {
    expect(titleSortKey('The Iliad of Homer', 4)).toBe('iliad of homer');
    expect(titleSortKey("L'Étranger", 2)).toBe('etranger');
  });

  test('when a title starts with a composed diacritic, then the count applies to the decomposed text', () => {
    // MARC counts "É" as two characters (E + combining acute) wherever it is written decomposed.
    expect(titleSortKey('Él hombre', 4)).toBe('hombre');
  });

  test('when the count would skip the whole title, then it is ignored', () => {
    expect(titleSortKey('The', 4)).toBe('the');
  });
});
