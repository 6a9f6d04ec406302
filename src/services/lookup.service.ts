import type { CatalogDocument } from '../domain/catalog-document';
import { normalizeIsbn, normalizeIssn, normalizeLccn, normalizeOclc } from '../domain/identifiers';
import { AppError } from '../errors/app-error';
import { excerpt } from '../errors/excerpt';
import type { IdentifierKind, RecordStore, StoredRecord } from '../store/port';

/** The kinds a client may look up: every identifier kind but the store's own `overlaid`. */
export const LOOKUP_KINDS = [
  'isbn',
  'issn',
  'lccn',
  'oclc',
  'id',
  'controlNumber',
] as const satisfies readonly IdentifierKind[];
export type LookupKind = (typeof LOOKUP_KINDS)[number];

export interface RecordSummary {
  id: string;
  controlNumber?: string;
  version: number;
  title?: string;
  subtitle?: string;
  authors: string[];
  formats: string[];
  year?: number;
  callNumber?: string;
}

export interface LookupMatch {
  /** The MARC field the identifier came from (020, 022, 010, 035, 001), or `id`. */
  field: string;
  /** The identifier as the record gives it. */
  value: string;
  canceled?: boolean;
  record: RecordSummary;
}

export interface LookupResult {
  normalized: { kind: LookupKind; value: string; forms: string[]; valid?: boolean };
  matches: LookupMatch[];
}

/**
 * Database look-ups by identifier: the value is normalised with the same normalisers the mapping
 * used on the records (so ISBN-10 and -13 find each other, LCCN spacing and OCLC prefixes do not
 * matter), matched through the store's identifier table, and each match says which field held it.
 */
export class LookupService {
  constructor(private readonly store: Pick<RecordStore, 'findIds' | 'getMany'>) {}

  async lookup(kind: LookupKind, value: string): Promise<LookupResult> {
    const { forms, valid } = normalize(kind, value);
    if (forms.length === 0) {
      throw new AppError(
        'invalid_lookup',
        `${excerpt(value)} is not an ${kind === 'isbn' || kind === 'issn' ? kind.toUpperCase() : kind} in any form`,
        {
          kind,
          value,
        },
      );
    }
    const found = await this.store.findIds(kind, forms);
    const ids = [...new Set([...found.values()].flat())];
    const records = ids.length > 0 ? await this.store.getMany(ids) : [];
    const matches = records.map((r) => ({ ...matchedField(kind, forms, r.document), record: summarize(r) }));
    return { normalized: { kind, value, forms, ...(valid === undefined ? {} : { valid }) }, matches };
  }
}

function normalize(kind: IdentifierKind, value: string): { forms: string[]; valid?: boolean } {
  switch (kind) {
    case 'isbn': {
      const isbn = normalizeIsbn(value);
      const forms = [isbn.isbn13, isbn.isbn10].filter((f): f is string => Boolean(f));
      // Invalid ISBNs are stored by their digits (record-identifiers.ts), so look them up that way.
      if (forms.length === 0) forms.push(value.replace(/[^0-9Xx]/g, '').toUpperCase());
      return { forms: forms.filter(Boolean), valid: isbn.valid };
    }
    case 'issn': {
      const issn = normalizeIssn(value);
      return { forms: issn.normalized ? [issn.normalized] : [], valid: issn.valid };
    }
    case 'lccn':
      return { forms: optional(normalizeLccn(value)) };
    case 'oclc':
      return { forms: optional(normalizeOclc(value)) };
    default:
      return { forms: value.trim() === '' ? [] : [value] };
  }
}

function matchedField(
  kind: IdentifierKind,
  forms: string[],
  doc: CatalogDocument,
): Omit<LookupMatch, 'record'> {
  const has = (v: string | undefined): boolean => v !== undefined && forms.includes(v);
  switch (kind) {
    case 'isbn': {
      const digits = (v: string) => v.replace(/[^0-9Xx]/g, '').toUpperCase();
      const isbn = doc.isbns.find((i) => has(i.isbn13) || has(i.isbn10) || has(digits(i.value)));
      return {
        field: '020',
        value: isbn?.value ?? forms[0] ?? '',
        ...(isbn?.canceled ? { canceled: true } : {}),
      };
    }
    case 'issn': {
      const issn = doc.issns.find((i) => has(i.normalized));
      return {
        field: '022',
        value: issn?.value ?? forms[0] ?? '',
        ...(issn?.kind === 'canceled' ? { canceled: true } : {}),
      };
    }
    case 'lccn': {
      const lccn = doc.lccns.find((l) => has(l.normalized));
      return {
        field: '010',
        value: lccn?.value ?? forms[0] ?? '',
        ...(lccn?.canceled ? { canceled: true } : {}),
      };
    }
    case 'oclc':
      return { field: '035', value: doc.oclcNumbers.find(has) ?? forms[0] ?? '' };
    case 'controlNumber':
      return { field: '001', value: doc.controlNumber ?? '' };
    default:
      return { field: 'id', value: doc.id };
  }
}

/** The hit-like summary a look-up (or any list of records) shows. */
export function summarize(stored: StoredRecord): RecordSummary {
  const doc = stored.document;
  const summary: RecordSummary = {
    id: stored.id,
    version: stored.version,
    authors: doc.authors.map((a) => a.name),
    formats: doc.formats,
  };
  if (stored.controlNumber) summary.controlNumber = stored.controlNumber;
  if (doc.title) summary.title = doc.title;
  if (doc.subtitle) summary.subtitle = doc.subtitle;
  if (doc.year !== undefined) summary.year = doc.year;
  if (doc.callNumbers[0]) summary.callNumber = doc.callNumbers[0].value;
  return summary;
}

function optional(value: string | undefined): string[] {
  return value ? [value] : [];
}
