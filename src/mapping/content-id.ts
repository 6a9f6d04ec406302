import { createHash } from 'node:crypto';
import { isControlField, type MarcRecord } from '../marc/record';

/**
 * A digest of what a record says, the same whichever format it arrived in: the leader's length,
 * base-address and character-coding positions (00–04, 09, 12–16) are blanked, because readers
 * compute them per serialisation while the values are always Unicode by then. Fields in order,
 * separated by the ISO 2709 delimiters so no value can imitate a boundary.
 */
export function canonicalRecordText(record: MarcRecord): string {
  const leader = record.leader.padEnd(24, ' ');
  const parts: string[] = [`     ${leader.slice(5, 9)} ${leader.slice(10, 12)}     ${leader.slice(17, 24)}`];
  for (const field of record.fields) {
    if (isControlField(field)) {
      parts.push(`${field.tag}${field.value}`);
      continue;
    }
    let text = `${field.tag}${field.ind1}${field.ind2}${field.ind3 ?? ''}`;
    for (const sf of field.subfields) text += `\x1f${sf.code}${sf.value}`;
    parts.push(text);
  }
  return parts.join('\x1e');
}

/** SHA-1 of the canonical text, hex. */
export function contentHash(record: MarcRecord): string {
  return createHash('sha1').update(canonicalRecordText(record), 'utf8').digest('hex');
}

/** The id of a record without a 001: "sha1-" and the first 20 hex digits (80 bits) of its content hash. */
export function contentHashId(record: MarcRecord): string {
  return `sha1-${contentHash(record).slice(0, 20)}`;
}
