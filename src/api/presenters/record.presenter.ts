import { createHash } from 'node:crypto';
import type { CatalogDocument } from '../../domain/catalog-document';
import type { AvailabilitySummary } from '../../domain/items/availability';
import type { MarcFormat } from '../../marc/detect';
import { toIso2709 } from '../../marc/writers/iso2709.writer';
import { toMarcXml } from '../../marc/writers/marcxml.writer';
import { toMarcInJson } from '../../marc/writers/mij.writer';
import { toMrk } from '../../marc/writers/mrk.writer';
import type { StoredRecord, UpsertOutcome } from '../../store/port';
import type { components } from '../openapi.generated';

export type RecordFormat = 'json' | 'marcxml' | 'marc' | 'mrk';

/** Representations of a record: the `format` parameter's values and their media types. */
export const RECORD_MEDIA_TYPES: Readonly<Record<RecordFormat, string>> = {
  json: 'application/json',
  marcxml: 'application/marcxml+xml',
  marc: 'application/marc',
  mrk: 'text/plain',
};

/** Request bodies: media type → reader format (`auto` sniffs the bytes). */
export const BODY_FORMATS: Readonly<Record<string, MarcFormat | 'auto'>> = {
  'application/json': 'json',
  'application/marc-in-json': 'json',
  'application/marcxml+xml': 'marcxml',
  'application/xml': 'marcxml',
  'text/xml': 'marcxml',
  'application/marc': 'iso2709',
  'text/plain': 'mrk',
  'application/octet-stream': 'auto',
};

export type RecordResponse = components['schemas']['RecordResponse'];

/** MARC-in-JSON with the mapped document and the store's bookkeeping. */
export function recordJson(stored: StoredRecord, outcome?: UpsertOutcome['outcome']): RecordResponse {
  const body: RecordResponse = {
    id: stored.id,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    record: toMarcInJson(stored.record),
    document: documentJson(stored.document),
  };
  if (stored.controlNumber) body.controlNumber = stored.controlNumber;
  if (outcome) body.outcome = outcome;
  return body;
}

/**
 * The document as stored, typed as the spec's: spreading each author and subject gives them the
 * open object type the spec declares (an interface would not match an index signature). Same
 * keys, same order, so the JSON is what the stored document serialises to.
 */
function documentJson(doc: CatalogDocument): RecordResponse['document'] {
  return {
    ...doc,
    authors: doc.authors.map((author) => ({ ...author })),
    subjects: doc.subjects.map((subject) => ({ ...subject })),
  };
}

/** `availability` goes into the JSON view only: the MARC formats carry the record alone. */
export function representation(
  stored: StoredRecord,
  format: RecordFormat,
  availability?: AvailabilitySummary,
): { type: string; body: string | Buffer } {
  switch (format) {
    case 'json':
      return { type: RECORD_MEDIA_TYPES.json, body: JSON.stringify(recordView(stored, availability)) };
    case 'marcxml':
      return { type: `${RECORD_MEDIA_TYPES.marcxml}; charset=utf-8`, body: toMarcXml(stored.record) };
    case 'marc':
      return { type: RECORD_MEDIA_TYPES.marc, body: toIso2709(stored.record) };
    case 'mrk':
      return { type: 'text/plain; charset=utf-8', body: toMrk(stored.record) };
  }
}

function recordView(stored: StoredRecord, availability: AvailabilitySummary | undefined): RecordResponse {
  const body = recordJson(stored);
  if (availability) body.availability = availability;
  return body;
}

/**
 * Strong tags per representation: the JSON is `"v3"` and the others carry their format
 * (`"v3-marcxml"`), because a strong validator promises identical bytes and the four formats
 * differ. Any of them names version 3 in If-Match.
 *
 * The JSON view also shows the record's copies, which change without the record's version
 * changing; a copy's new status must not be hidden behind a 304. So when the record has copies,
 * its JSON tag carries a digest of their summary, in letters (`"v3-aoekhbmfp"`): still version 3
 * to If-Match, and a new tag whenever what the view shows changes. Without copies it stays `"v3"`.
 */
export function etagFor(version: number, format: RecordFormat, availability?: AvailabilitySummary): string {
  if (format !== 'json') return `"v${version}-${format}"`;
  if (!availability) return `"v${version}"`;
  return `"v${version}-a${letterDigest(JSON.stringify(availability))}"`;
}

/** Eight letters a–p from a SHA-256 (32 bits): the tag grammar allows letters only after the dash. */
function letterDigest(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

const TAG = /^(?:W\/)?"v(\d{1,15})(?:-[a-z]+)?"$/;

/** If-Match / If-None-Match: `*`, or a comma list of tags; undefined when malformed. */
export function parseTagList(
  header: string,
): { any: true } | { versions: number[]; tags: string[] } | undefined {
  if (header.trim() === '*') return { any: true };
  const tags = header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const versions: number[] = [];
  for (const tag of tags) {
    const m = TAG.exec(tag);
    if (!m) return undefined;
    versions.push(Number(m[1]));
  }
  return tags.length > 0 ? { versions, tags: tags.map((t) => t.replace(/^W\//, '')) } : undefined;
}
