import type { CharsetOption } from '../marc/charset/charset';
import type { MarcFormat } from '../marc/detect';
import type { ReadMarcOptions } from '../marc/formats';

/** The reading options every command that takes MARC input shares. */
export interface ReadFlags {
  from: MarcFormat | 'auto';
  charset: CharsetOption;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export function readOptionsFrom(flags: ReadFlags): ReadMarcOptions {
  return { format: flags.from, charset: flags.charset, strict: Boolean(flags.strict) };
}
