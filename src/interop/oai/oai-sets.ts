import type { Item } from '../../domain/items/item';
import type { StoredRecord } from '../../store/port';
import { OaiError } from './oai-error';

/**
 * Sets: one per format the catalog's records have (`format:book`), and one per library that
 * holds copies (`library:main`), under the two parents `format` and `library`. A set's spec is
 * the value folded to lower-case letters, digits and hyphens, which the protocol's setSpec
 * syntax allows; two values folding to the same spec make one set.
 */
export type SetKind = 'format' | 'library';
export const SET_KINDS: readonly SetKind[] = ['format', 'library'];

export interface SetFilter {
  kind: SetKind;
  /** The folded value; absent for the parent set (any format, any library). */
  value?: string;
}

const SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

/** A value as it stands in a setSpec: `Sound recording` → `sound-recording`. */
export function setValue(value: string): string {
  const folded = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return folded === '' ? '-' : folded;
}

export function setSpec(kind: SetKind, value: string): string {
  return `${kind}:${setValue(value)}`;
}

/**
 * The set argument read: badArgument when it is not a setSpec at all; undefined when it is one
 * but names no set this repository has (the caller answers noRecordsMatch without reading).
 */
export function parseSet(spec: string): SetFilter | undefined {
  if (!SPEC.test(spec)) throw new OaiError('badArgument', `"${spec}" is not a setSpec`);
  const [kind, value, ...deeper] = spec.split(':');
  if (!SET_KINDS.includes(kind as SetKind) || deeper.length > 0) return undefined;
  return value === undefined ? { kind: kind as SetKind } : { kind: kind as SetKind, value };
}

/** The copies that place a record in a library's set: those not withdrawn. */
function libraries(items: readonly Item[]): string[] {
  return items.filter((i) => i.status !== 'withdrawn').map((i) => i.location.library);
}

/** The specs of the sets a live record is in, for its header. */
export function setSpecsOf(stored: StoredRecord, items: readonly Item[]): string[] {
  const specs = [
    ...stored.document.formats.map((f) => setSpec('format', f)),
    ...libraries(items).map((l) => setSpec('library', l)),
  ];
  return [...new Set(specs)];
}

/**
 * Whether a change belongs in a harvest of the set. A tombstone keeps no document, so which sets
 * the record was in is unknown: it is reported in every set, and a harvester told of the
 * deletion of a record it never had loses nothing.
 */
export function inSet(filter: SetFilter, stored: StoredRecord | undefined, items: readonly Item[]): boolean {
  if (!stored) return true;
  const values = filter.kind === 'format' ? stored.document.formats : libraries(items);
  if (filter.value === undefined) return values.length > 0;
  return values.some((v) => setValue(v) === filter.value);
}
