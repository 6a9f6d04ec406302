import { createHash } from 'node:crypto';
import type { MarcRecord } from '../marc/record';
import { marcInJsonText } from '../marc/writers/mij.writer';

/**
 * The record as stored (MARC-in-JSON text) and the hash that, with the document's, decides
 * `unchanged`: the same MARC content from any input format (ISO 2709, MARCXML, …) hashes the same,
 * because it is the canonical serialisation of the model that is hashed, not the input bytes.
 */
export function canonicalMarc(record: MarcRecord): { json: string; hash: string } {
  const json = marcInJsonText(record);
  return { json, hash: createHash('sha1').update(json).digest('hex') };
}

/**
 * The other half of `unchanged`: the SHA-1 of the document's JSON as stored. The same MARC mapped
 * by another profile, or by a new version of the mapping code, makes another document, and a store
 * that compared the MARC alone would keep the old one (docs/store.md, "unchanged").
 */
export function documentHash(json: string): string {
  return createHash('sha1').update(json).digest('hex');
}
