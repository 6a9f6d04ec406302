/**
 * An ISO 2709 record from raw field bytes, for charsets our writer does not write (it writes
 * UTF-8 only): MARC-8 with escapes and damage, Latin-1. Leader/09 blank unless given.
 */
export type RawField = [tag: string, data: string | Uint8Array];

/** `data` as a string is taken byte for byte (Latin-1), so "\x1b$1" is ESC $ 1. */
export function rawIso2709(fields: RawField[], leader09 = ' '): Buffer {
  const directory: Buffer[] = [];
  const data: Buffer[] = [];
  let offset = 0;
  for (const [tag, value] of fields) {
    const bytes = Buffer.concat([
      typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value),
      Buffer.from([0x1e]),
    ]);
    directory.push(Buffer.from(`${tag}${pad(bytes.length, 4)}${pad(offset, 5)}`, 'latin1'));
    data.push(bytes);
    offset += bytes.length;
  }
  const base = 24 + directory.length * 12 + 1;
  const length = base + offset + 1;
  const leader = `${pad(length, 5)}nam ${leader09}22${pad(base, 5)} a 4500`;
  return Buffer.concat([
    Buffer.from(leader, 'latin1'),
    ...directory,
    Buffer.from([0x1e]),
    ...data,
    Buffer.from([0x1d]),
  ]);
}

/** A data field's bytes: indicators, then `$` + code + value for each subfield (Latin-1 bytes). */
export function rawDataField(indicators: string, ...subfields: string[]): string {
  return indicators + subfields.map((s) => `\x1f${s}`).join('');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
