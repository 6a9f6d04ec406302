import {
  anselToUnicode,
  decodeMnemonics,
  encodeMnemonics,
  lookupMnemonic,
} from '../../../src/marc/charset/mnemonics';

function text(input: string, references = false): string {
  return decodeMnemonics(input, { references }).text;
}

describe('MRK mnemonics', () => {
  test('when text has the reserved-character mnemonics, then they become the characters', () => {
    expect(text('{dollar}5.95 {lcub}x{rcub} C:{bsol}dir')).toBe('$5.95 {x} C:\\dir');
  });

  test('when a mnemonic names a precomposed letter or a symbol, then it becomes that character', () => {
    expect(text('Caf{eacute} {copy}1955 {phono}1994 {pound}5 {Lstrok}{oacute}d{zacute}')).toBe(
      'Café ©1955 ℗1994 £5 Łódź',
    );
    expect(text('{THORN}{thorn} {AElig}{aelig} {szlig} {mdash}')).toBe('Þþ Ææ ß —');
  });

  test('when a combining mnemonic precedes its base letter (MARC-8 order), then it follows it, NFC-composed', () => {
    expect(text('{acute}e')).toBe('é');
    expect(text('Pe{caron}c{acute}c')).toBe('Pečć');
    expect(text('lone at the end{acute}')).toBe('lone at the end\u0301');
    expect(text('{Lstrok}{acute}od{acute}z')).toBe('Łódź');
  });

  test('when several combining marks precede one letter, then they all follow it in the order given', () => {
    expect(text('{dotb}{macr}a')).toBe('a\u0323\u0304'.normalize('NFC'));
  });

  test('when the ligature halves surround two letters, then the first half spans them and the second is dropped', () => {
    expect(text('{llig}t{rlig}s')).toBe('t\u0361s');
    expect(text('{ldbltil}n{rdbltil}g')).toBe('n\u0360g');
  });

  test('when a second half comes alone, then it is kept as the right-half mark', () => {
    expect(text('a{rlig}b')).toBe('ab\uFE21');
  });

  test('when hex mnemonics name MARC-8 bytes, then ANSEL maps them and diacritics still move', () => {
    expect(text('{E2}e {xE8}u {A1} {1F}')).toBe('é ü Ł \u001F');
  });

  test('when a Unicode code mnemonic is used, then it is the code point, in place', () => {
    expect(text('{U+00E9} {u+1D11E}')).toBe('é 𝄞');
  });

  test('when superscript, subscript and Greek escapes are used, then they map to those characters', () => {
    expect(text('W 129{esc}p0{esc}s--N 54{esc}p0{esc}s')).toBe('W 129⁰--N 54⁰');
    expect(text('H{esc}b2{esc}sO {esc}ga{esc}s-rays {sup2}')).toBe('H₂O α-rays ²');
  });

  test('when an escape selects a script the mnemonic table lacks, then the MARC-8 decoder maps the value', () => {
    expect(text('{esc}(NRUSSKIJ{esc}(B text')).toBe('\u0440\u0443\u0441\u0441\u043a\u0438\u0439 text');
  });

  test('when a mnemonic is unknown, then it stays as written and is reported', () => {
    const decoded = decodeMnemonics('a {zilch} b {not closed');

    expect(decoded.text).toBe('a {zilch} b {not closed');
    expect(decoded.unknown).toEqual(['zilch']);
  });

  test('when a MARC-8 record has character references, then they are decoded only if asked', () => {
    expect(text('&#x2113; and &#X41;', true)).toBe('ℓ and A');
    expect(text('&#x2113;', false)).toBe('&#x2113;');
  });

  test('when a Cyrillic romanisation mnemonic is used, then it gives the LoC romanisation', () => {
    expect(text('{ZHcy}ukov {yacy}')).toBe('Zhukov i\u0361a');
  });

  test('when looking up names, then case matters and hex, single characters and code points resolve', () => {
    expect(lookupMnemonic('THORN')?.text).toBe('Þ');
    expect(lookupMnemonic('thorn')?.text).toBe('þ');
    expect(lookupMnemonic('acute')).toEqual({ text: '\u0301', floating: true });
    expect(lookupMnemonic('U+001B')).toEqual({ text: '\u001B', floating: false, literal: true });
    expect(lookupMnemonic('q')?.text).toBe('q');
    expect(lookupMnemonic('Ea')?.floating).toBe(true);
    expect(lookupMnemonic('BB')).toBeUndefined();
    expect(lookupMnemonic('U+D800')).toBeUndefined();
    expect(lookupMnemonic('toString')).toBeUndefined();
  });

  test('when ANSEL bytes are looked up, then they follow the LoC code table', () => {
    expect(anselToUnicode(0x41)).toBe('A');
    expect(anselToUnicode(0xa5)).toBe('Æ');
    expect(anselToUnicode(0xe2)).toBe('\u0301');
    expect(anselToUnicode(0xc8)).toBe('€');
    expect(anselToUnicode(0xff)).toBeUndefined();
  });

  test('when text is encoded for a .mrk line, then only ambiguous characters become mnemonics', () => {
    expect(encodeMnemonics('$5 {x} a\\b é\u001F\u0098\u001B')).toBe(
      '{dollar}5 {lcub}x{rcub} a{bsol}b é{1F}{U+0098}{U+001B}',
    );
    expect(encodeMnemonics('a b', true)).toBe('a\\b');
  });

  test('when encoded text is decoded, then it comes back unchanged', () => {
    const original = 'Price: $5 {approx.} C:\\x é 𝄞 \u001B tab\there';

    expect(text(encodeMnemonics(original))).toBe(original);
  });
});
