import { fold, foldCore, sortKey } from '../../../../src/search/common/fold';

describe('fold', () => {
  it.each([
    ['Łódź', 'lodz'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['Æsop', 'aesop'],
    ['Œuvres', 'oeuvres'],
    ['Đorđe', 'dorde'],
    ['Þór', 'thor'],
    ['Ðáin', 'dain'],
    ['Søren', 'soren'],
    ['ıspanak', 'ispanak'],
    ['İstanbul', 'istanbul'],
    ['Ὀδυσσεύς', 'οδυσσευσ'],
    ['ﬁnal', 'final'],
    ['Ｗｉｄｅ', 'wide'],
    ['plain ascii', 'plain ascii'],
  ])('when folding %s, then it reads %s', (text, expected) => {
    expect(fold(text)).toBe(expected);
  });

  it('when text has CJK, then each ideograph, kana and hangul syllable stands alone', () => {
    expect(fold('東京大学の歴史')).toBe('東 京 大 学 の 歴 史');
    expect(fold('한국어 문법')).toBe('한 국 어 문 법');
    expect(fold('Tokyo東京2020')).toBe('tokyo 東 京 2020');
  });

  it('when kana carry voicing marks, then the marks stay (が is not か)', () => {
    expect(foldCore('がっこう')).toBe('がっこう');
    expect(fold('ｶﾞｯｺｳ')).toBe('ガ ッ コ ウ');
  });

  it('when making a sort key, then punctuation and spacing collapse and CJK stays joined', () => {
    expect(sortKey('Smith, John, 1950-')).toBe('smith john 1950');
    expect(sortKey('  Łódź:  a city history ')).toBe('lodz a city history');
    expect(sortKey('東京大学')).toBe('東京大学');
    expect(sortKey('...')).toBe('');
  });
});
