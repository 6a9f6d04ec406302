import { MAX_REPORTED, decodeMarc8, hasMarc8Escape } from '../../../src/marc/charset/marc8.decoder';

/** MARC-8 bytes from a mix of ASCII text and raw byte values, so fixtures read like the data. */
function m8(...parts: (string | number[])[]): Uint8Array {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const ch of part) bytes.push(ch.charCodeAt(0));
    else bytes.push(...part);
  }
  return Uint8Array.from(bytes);
}

const ESC = 0x1b;
const TO_ASCII = [ESC, 0x28, 0x42]; // ESC ( B
const codePoints = (s: string): number[] => [...s].map((c) => c.codePointAt(0) as number);

describe('decodeMarc8 — ASCII and ANSEL', () => {
  it('when the value is plain ASCII, then it comes back unchanged with nothing invalid', () => {
    const bytes = m8('Moby Dick; or, The whale / [by] Herman Melville.');

    const result = decodeMarc8(bytes);

    expect(result).toEqual({ text: 'Moby Dick; or, The whale / [by] Herman Melville.', invalid: 0 });
  });

  it('when start and end are given, then only that range is decoded', () => {
    const bytes = Buffer.from('xxHello, world!yy', 'latin1');

    expect(decodeMarc8(bytes, 2, 15).text).toBe('Hello, world!');
    expect(decodeMarc8(Buffer.from('ab\xe2ecd', 'latin1'), 2, 4).text).toBe('é');
  });

  it('when an ANSEL acute precedes e, then the result is the single NFC code point é', () => {
    const result = decodeMarc8(m8('Caf', [0xe2], 'e'));

    expect(result.text).toBe('Café');
    expect(codePoints(result.text)).toEqual([0x43, 0x61, 0x66, 0xe9]);
    expect(result.invalid).toBe(0);
  });

  it('when a diacritic sits mid-word, then it attaches to the letter after it, not before', () => {
    expect(decodeMarc8(m8('Bart', [0xe2], 'ok, B', [0xe2], 'ela')).text).toBe('Bartók, Béla');
  });

  it('when two marks precede one base, then both follow it and NFC composes them in order', () => {
    // dot below (F2) + circumflex (E3) before e: Vietnamese ệ, U+1EC7.
    const result = decodeMarc8(m8('Vi', [0xf2, 0xe3], 'et Nam'));

    expect(result.text).toBe('Vi\u1ec7t Nam');
    expect(codePoints(result.text)[2]).toBe(0x1ec7);
  });

  it('when ANSEL special letters appear, then they map to their own code points', () => {
    // Ł (A1), ø (B2), æ (B5), ß (C7), € (C8), ° (C0)
    const result = decodeMarc8(m8([0xa1], 'od', [0xe2], 'z ', [0xb2, 0xb5, 0xc7, 0xc8, 0xc0]));

    expect(result.text).toBe('Łodź øæß€°');
  });

  it('when an ANSEL ZWJ control (8D) appears, then it becomes U+200D', () => {
    expect(decodeMarc8(m8('a', [0x8d], 'b')).text).toBe('a\u200db');
  });

  it('when a mark has no base after it, then it is kept at the end rather than lost', () => {
    expect(decodeMarc8(m8('x', [0xe2])).text).toBe('x\u0301'.normalize('NFC'));
  });

  it('when the input is a Uint8Array over a larger buffer, then the offset into that buffer is honoured', () => {
    const backing = m8('zzzz', 'plain');
    const view = new Uint8Array(backing.buffer, 4, 5);

    expect(decodeMarc8(view).text).toBe('plain');
  });
});

describe('decodeMarc8 — double diacritics', () => {
  it('when a ligature spans two letters (EB … EC), then one U+0361 sits between them', () => {
    // As LoC records write it: first half before the first letter, second half before the second.
    const result = decodeMarc8(
      m8('Petrushevska', [0xeb], 'i', [0xec], 'a, L', [0xeb], 'i', [0xec], 'udmila'),
    );

    expect(result.text).toBe('Petrushevskai\u0361a, Li\u0361udmila');
    expect(result.invalid).toBe(0);
  });

  it('when a double tilde spans two letters (FA … FB), then one U+0360 sits between them', () => {
    expect(decodeMarc8(m8([0xfa], 'n', [0xfb], 'g')).text).toBe('n\u0360g');
  });

  it('when a second half has no first half, then it falls back to the right-half mark', () => {
    expect(decodeMarc8(m8('t', [0xec], 's')).text).toBe('ts\ufe21');
  });
});

describe('decodeMarc8 — other scripts by escape sequence', () => {
  it('when Hebrew is designated as G0 (ESC ( 2), then letters and a preceding vowel point decode', () => {
    // 60 alef, 61 bet, 41 qamats before 62 gimel; back to ASCII for the date.
    const result = decodeMarc8(m8([ESC, 0x28, 0x32, 0x60, 0x61, 0x20, 0x41, 0x62], TO_ASCII, ' 1998'));

    expect(result.text).toBe('\u05d0\u05d1 \u05d2\u05b8 1998');
    expect(result.invalid).toBe(0);
  });

  it('when basic Cyrillic is designated (ESC ( N), then its letters decode', () => {
    const result = decodeMarc8(
      m8([ESC, 0x28, 0x4e, 0x6d, 0x4f, 0x53, 0x4b, 0x57, 0x41], TO_ASCII, ' : Nauka'),
    );

    expect(result.text).toBe('Москва : Nauka');
  });

  it('when extended Cyrillic is designated as G0 or as G1, then Ё decodes either way', () => {
    const asG0 = decodeMarc8(m8([ESC, 0x28, 0x51, 0x64], TO_ASCII));
    const asG1 = decodeMarc8(m8([ESC, 0x29, 0x51, 0xe4]));

    expect(asG0.text).toBe('Ё');
    expect(asG1.text).toBe('Ё');
  });

  it('when basic Greek is designated (ESC ( S), then a preceding tonos composes onto its vowel', () => {
    // λ 6E, acute 22 + ο 72, γ 64, ο 72, final ς 77
    const result = decodeMarc8(m8([ESC, 0x28, 0x53, 0x6e, 0x22, 0x72, 0x64, 0x72, 0x77]));

    expect(result.text).toBe('λόγος');
    expect(codePoints(result.text)).toContain(0x03cc);
  });

  it('when basic Arabic (ESC ( 3) and extended Arabic as G1 (ESC ) 4) are used, then both decode', () => {
    const basic = decodeMarc8(m8([ESC, 0x28, 0x33, 0x53, 0x64, 0x47, 0x65]));
    const extended = decodeMarc8(m8([ESC, 0x29, 0x34, 0xa9]));

    expect(basic.text).toBe('سلام');
    expect(extended.text).toBe('\u067e');
  });

  it('when EACC is designated (ESC $ 1), then three bytes make one CJK character', () => {
    const result = decodeMarc8(m8([ESC, 0x24, 0x31], '!0!!0"!#!!0!', TO_ASCII, ' (one)'));

    expect(result.text).toBe('一丁\u3000一 (one)');
    expect(result.invalid).toBe(0);
  });

  it('when an EACC code maps beyond the BMP, then it becomes a surrogate pair', () => {
    const result = decodeMarc8(m8([ESC, 0x24, 0x31, 0x21, 0x75, 0x59]));

    expect(codePoints(result.text)).toEqual([0x212c4]);
  });

  it('when EACC is designated with the long forms ESC $ , 1 and as G1 with ESC $ ) 1, then both decode', () => {
    const longG0 = decodeMarc8(m8([ESC, 0x24, 0x2c, 0x31], '!0!'));
    const asG1 = decodeMarc8(m8([ESC, 0x24, 0x29, 0x31, 0xa1, 0xb0, 0xa1], 'x'));

    expect(longG0.text).toBe('一');
    expect(asG1.text).toBe('一x');
  });

  it('when ANSEL is designated as G0 with its registered final !E, then 7-bit codes read as ANSEL', () => {
    const result = decodeMarc8(m8([ESC, 0x28, 0x21, 0x45, 0x62], TO_ASCII, 'e'));

    expect(result).toEqual({ text: 'é', invalid: 0 });
  });

  it('when a value ends in another script, then the next call starts over in ASCII', () => {
    decodeMarc8(m8([ESC, 0x28, 0x4e, 0x41]));

    expect(decodeMarc8(m8('A', [0xe2], 'e')).text).toBe('Aé');
  });
});

describe('decodeMarc8 — technique 1 sets', () => {
  it('when ESC b and ESC s wrap digits, then they become subscripts', () => {
    expect(decodeMarc8(m8('H', [ESC, 0x62], '2', [ESC, 0x73], 'O')).text).toBe('H₂O');
  });

  it('when ESC p wraps digits, then they become superscripts (LoC maps 2 to U+00B2)', () => {
    expect(decodeMarc8(m8('Signatures: A', [ESC, 0x70], '4', [ESC, 0x73], ' B', [ESC, 0x70], '2')).text).toBe(
      'Signatures: A⁴ B²',
    );
  });

  it('when ESC g selects Greek symbols, then a b c are alpha beta gamma', () => {
    expect(decodeMarc8(m8([ESC, 0x67], 'abc', [ESC, 0x73], '-rays')).text).toBe('αβγ-rays');
  });
});

describe('decodeMarc8 — numeric character references', () => {
  it('when &#x4E00; appears, then it becomes the character', () => {
    expect(decodeMarc8(m8('Kanji &#x4E00; one')).text).toBe('Kanji 一 one');
  });

  it('when a reference names an astral character, then it becomes a surrogate pair', () => {
    expect(codePoints(decodeMarc8(m8('&#x1F600;')).text)).toEqual([0x1f600]);
  });

  it('when a reference is malformed or names a surrogate, then the text stays literal and valid', () => {
    expect(decodeMarc8(m8('AT&T &#xZZ; &#x; &#xD800; &#x4E00'))).toEqual({
      text: 'AT&T &#xZZ; &#x; &#xD800; &#x4E00',
      invalid: 0,
    });
  });

  it('when an ANSEL mark precedes a reference, then the mark follows the referenced character', () => {
    expect(decodeMarc8(m8([0xe2], '&#x0065;')).text).toBe('é');
  });
});

describe('decodeMarc8 — invalid input (dropped and counted, as yaz-marcdump drops it)', () => {
  it('when a byte has no mapping, then it is dropped, counted and named', () => {
    const result = decodeMarc8(m8('a', [0xa0], 'b', [0xff]));

    expect(result).toEqual({ text: 'ab', invalid: 2, invalidBytes: ['A0', 'FF'] });
  });

  it('when a Latin-1 value is read as MARC-8, then invalid is above zero so the caller can judge the record', () => {
    const latin1 = Buffer.from('Müller, Jürgen: Öffentliche Bücherei', 'latin1');

    expect(decodeMarc8(latin1).invalid).toBeGreaterThan(0);
  });

  it('when ESC starts no known sequence, then the ESC is dropped, counted, and the rest decodes', () => {
    const result = decodeMarc8(m8('a', [ESC], 'zb', [ESC]));

    expect(result).toEqual({ text: 'azb', invalid: 2, invalidBytes: ['1B', '1B'] });
  });

  it('when an escape names a set MARC-8 lacks or the wrong width, then it is not taken as a designation', () => {
    expect(decodeMarc8(m8([ESC, 0x28, 0x31], 'x')).invalid).toBe(1);
    expect(decodeMarc8(m8([ESC, 0x24, 0x4e], 'x')).invalid).toBe(1);
  });

  it('when a code is undefined in the designated set, then it is dropped and counted', () => {
    const result = decodeMarc8(m8([ESC, 0x28, 0x32, 0x50]));

    expect(result).toEqual({ text: '', invalid: 1, invalidBytes: ['50'] });
  });

  it('when an EACC character is cut short by the end or an escape, then its bytes count once', () => {
    expect(decodeMarc8(m8([ESC, 0x24, 0x31], '!0')).invalid).toBe(1);
    expect(decodeMarc8(m8([ESC, 0x24, 0x31], '!0', TO_ASCII, 'ok'))).toEqual({
      text: 'ok',
      invalid: 1,
      invalidBytes: ['21 30'],
    });
  });

  it('when a three-byte code is not in EACC, then it is dropped and the characters around it decode', () => {
    expect(decodeMarc8(m8([ESC, 0x24, 0x31], '!0!~~~!0!'))).toEqual({
      text: '一一',
      invalid: 1,
      invalidBytes: ['7E 7E 7E'],
    });
  });

  it('when a C0 control stands among EACC characters, then it is dropped; among ASCII it is kept', () => {
    expect(decodeMarc8(m8([ESC, 0x24, 0x31], '!0!', [0x01], '!0!'))).toEqual({
      text: '一一',
      invalid: 1,
      invalidBytes: ['01'],
    });
    expect(decodeMarc8(m8('a', [0x09], 'b ', [0xe2], 'e'))).toEqual({ text: 'a\tb é', invalid: 0 });
  });

  it('when a mark precedes a dropped byte, then it still goes to the next base character', () => {
    expect(decodeMarc8(m8([0xe2, 0xa0], 'e')).text).toBe('é');
  });

  it('when many sequences are invalid, then all are counted and the first MAX_REPORTED are named', () => {
    const result = decodeMarc8(m8('x', new Array<number>(MAX_REPORTED + 3).fill(0xff), 'y'));

    expect(result.text).toBe('xy');
    expect(result.invalid).toBe(MAX_REPORTED + 3);
    expect(result.invalidBytes).toHaveLength(MAX_REPORTED);
  });
});

describe('hasMarc8Escape', () => {
  it('when a designation is present, then it is found, also inside a range', () => {
    const bytes = m8('abc', [ESC, 0x28, 0x4e], 'x');

    expect(hasMarc8Escape(bytes)).toBe(true);
    expect(hasMarc8Escape(bytes, 3, 6)).toBe(true);
    expect(hasMarc8Escape(m8('H', [ESC, 0x62], '2'))).toBe(true);
  });

  it('when there is no ESC, a stray one, or the sequence lies outside the range, then it is false', () => {
    const bytes = m8('abc', [ESC, 0x28, 0x4e], 'x');

    expect(hasMarc8Escape(m8('caf\u00e9'))).toBe(false);
    expect(hasMarc8Escape(m8('a', [ESC], 'z'))).toBe(false);
    expect(hasMarc8Escape(bytes, 0, 3)).toBe(false);
    expect(hasMarc8Escape(bytes, 0, 5)).toBe(false);
  });
});
