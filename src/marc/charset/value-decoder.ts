import { decodeMarc8 } from './marc8.decoder';
import type { Charset } from './charset';

/**
 * Turns a byte range of one record into an NFC string. Built once per record so the per-value
 * work is a substring (ASCII), one native decode (UTF-8), or the MARC-8 state machine.
 */
export interface ValueDecoder {
  decode(start: number, end: number): string;
  /** Values that were not valid in the chosen charset and were read as Latin-1 instead. */
  readonly fallbacks: number;
}

export function makeValueDecoder(buf: Buffer, start: number, end: number, charset: Charset, normalize: boolean): ValueDecoder {
  switch (charset) {
    case 'ascii':
      return asciiDecoder(buf, start, end);
    case 'utf8':
      return utf8Decoder(buf, normalize);
    case 'latin1':
      return { decode: (s, e) => nfc(buf.toString('latin1', s, e), normalize), fallbacks: 0 };
    case 'marc8':
      return marc8Decoder(buf);
  }
}

function asciiDecoder(buf: Buffer, start: number, end: number): ValueDecoder {
  // One native call for the whole record; V8 substrings of it are nearly free.
  const text = buf.toString('latin1', start, end);
  return { decode: (s, e) => text.substring(s - start, e - start), fallbacks: 0 };
}

function utf8Decoder(buf: Buffer, normalize: boolean): ValueDecoder {
  return { decode: (s, e) => nfc(buf.toString('utf8', s, e), normalize), fallbacks: 0 };
}

function marc8Decoder(buf: Buffer): ValueDecoder {
  const decoder = {
    fallbacks: 0,
    decode(s: number, e: number): string {
      const { text, invalid } = decodeMarc8(buf, s, e);
      if (invalid === 0) return text;
      decoder.fallbacks++;
      return buf.toString('latin1', s, e).normalize('NFC');
    },
  };
  return decoder;
}

// Every character below U+0300 is NFC-stable, so only strings reaching beyond it pay for normalize().
const BEYOND_LATIN = /[^\u0000-\u02ff]/;

function nfc(value: string, normalize: boolean): string {
  return normalize && BEYOND_LATIN.test(value) ? value.normalize('NFC') : value;
}
