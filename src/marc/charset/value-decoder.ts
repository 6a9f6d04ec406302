import { decodeMarc8 } from './marc8.decoder';
import type { Charset } from './charset';

/**
 * Turns a byte range of one record into an NFC string. Built once per record around `bytes`,
 * the record's bytes read as Latin-1 (one char per byte, so byte offsets are string offsets):
 * ASCII values are substrings of it, the rest go through one native UTF-8 decode or the MARC-8
 * state machine.
 */
export interface ValueDecoder {
  decode(start: number, end: number): string;
  /** Values that were not valid in the chosen charset and were read as Latin-1 instead. */
  readonly fallbacks: number;
}

export function makeValueDecoder(
  buf: Buffer,
  bytes: string,
  origin: number,
  charset: Charset,
  normalize: boolean,
): ValueDecoder {
  switch (charset) {
    case 'ascii':
      return { decode: (s, e) => bytes.substring(s - origin, e - origin), fallbacks: 0 };
    case 'utf8':
      return {
        decode: (s, e) =>
          isAsciiRange(buf, s, e)
            ? bytes.substring(s - origin, e - origin)
            : nfc(buf.toString('utf8', s, e), normalize),
        fallbacks: 0,
      };
    case 'latin1':
      return { decode: (s, e) => nfc(bytes.substring(s - origin, e - origin), normalize), fallbacks: 0 };
    case 'marc8':
      return marc8Decoder(buf, bytes, origin);
  }
}

function isAsciiRange(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if ((buf[i] as number) > 0x7f) return false;
  return true;
}

function marc8Decoder(buf: Buffer, bytes: string, origin: number): ValueDecoder {
  const decoder = {
    fallbacks: 0,
    decode(s: number, e: number): string {
      const { text, invalid } = decodeMarc8(buf, s, e);
      if (invalid === 0) return text;
      decoder.fallbacks++;
      return bytes.substring(s - origin, e - origin).normalize('NFC');
    },
  };
  return decoder;
}

// Every character below U+0300 is NFC-stable, so only strings reaching beyond it pay for normalize().
const BEYOND_LATIN = /[^\u0000-\u02ff]/;

function nfc(value: string, normalize: boolean): string {
  return normalize && BEYOND_LATIN.test(value) ? value.normalize('NFC') : value;
}
