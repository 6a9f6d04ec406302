import type { Isbn, Issn, Lccn } from '../../domain/catalog-document';
import { normalizeIsbn } from '../../domain/identifiers/isbn.normalizer';
import { normalizeIssn } from '../../domain/identifiers/issn.normalizer';
import { normalizeLccn } from '../../domain/identifiers/lccn.normalizer';
import { isMarkedOclc, normalizeOclc } from '../../domain/identifiers/oclc.normalizer';
import type { DataField } from '../../marc/record';
import type { RecordView } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { allowOptions, pushUnique, type MacroDefinition } from './macro';

/** 020: $a valid-as-recorded, $z canceled/invalid; a $q qualifies the number before it. */
export function isbnsOf(fields: readonly DataField[]): Isbn[] {
  const out: Isbn[] = [];
  for (const field of fields) {
    let last: Isbn | undefined;
    const pending: string[] = [];
    for (const sf of field.subfields) {
      if (sf.code === 'a' || sf.code === 'z') {
        last = isbnEntry(sf.value, sf.code === 'z');
        if (!last) continue;
        for (const q of pending.splice(0)) pushUnique(last.qualifiers, q);
        last = mergeIsbn(out, last);
      } else if (sf.code === 'q') {
        const q = cleanQualifier(sf.value);
        if (last) pushUnique(last.qualifiers, q);
        else if (q) pending.push(q);
      }
    }
  }
  return out;
}

function isbnEntry(raw: string, canceled: boolean): Isbn | undefined {
  const value = raw.replace(/\s*[:;,/=]\s*$/, '').trim();
  if (!value) return undefined;
  const n = normalizeIsbn(value);
  const entry: Isbn = { value, qualifiers: [], valid: n.valid, canceled };
  if (n.isbn13) entry.isbn13 = n.isbn13;
  if (n.isbn10) entry.isbn10 = n.isbn10;
  pushUnique(entry.qualifiers, n.qualifier && cleanQualifier(n.qualifier));
  return entry;
}

/** The same number twice (10- and 13-digit forms of one ISBN, say) is one entry. */
function mergeIsbn(out: Isbn[], entry: Isbn): Isbn {
  const key = entry.isbn13 ?? entry.value;
  const same = out.find((e) => (e.isbn13 ?? e.value) === key && e.canceled === entry.canceled);
  if (!same) {
    out.push(entry);
    return entry;
  }
  for (const q of entry.qualifiers) pushUnique(same.qualifiers, q);
  return same;
}

function cleanQualifier(value: string): string {
  return trimPunctuation(value.trim().replace(/^\((.*)\)$/, '$1'));
}

const ISSN_KINDS: Record<string, Issn['kind']> = { a: 'issn', y: 'incorrect', z: 'canceled', l: 'linking' };

/** 022: $a the ISSN, $y incorrect, $z canceled, $l linking ISSN. */
export function issnsOf(fields: readonly DataField[]): Issn[] {
  const out: Issn[] = [];
  for (const field of fields) {
    for (const sf of field.subfields) {
      const kind = ISSN_KINDS[sf.code];
      const value = sf.value.trim();
      if (!kind || !value) continue;
      const n = normalizeIssn(value);
      const entry: Issn = n.normalized
        ? { value, normalized: n.normalized, kind, valid: n.valid }
        : { value, kind, valid: false };
      if (!out.some((e) => e.value === value && e.kind === kind)) out.push(entry);
    }
  }
  return out;
}

/** 010: $a the LCCN, $z canceled/invalid; normalised the LoC way. */
export function lccnsOf(fields: readonly DataField[]): Lccn[] {
  const out: Lccn[] = [];
  for (const field of fields) {
    for (const sf of field.subfields) {
      if (sf.code !== 'a' && sf.code !== 'z') continue;
      const normalized = normalizeLccn(sf.value);
      if (!normalized) continue;
      const canceled = sf.code === 'z';
      if (out.some((e) => e.normalized === normalized && e.canceled === canceled)) continue;
      out.push({ value: sf.value.trim(), normalized, canceled });
    }
  }
  return out;
}

/**
 * OCLC numbers: the 001 of an OCLC record (003 OCoLC, or an ocm/ocn/on prefix), 035 $a values marked
 * (OCoLC) or ocm/ocn/on, and 019 $a (numbers of records OCLC merged into this one).
 */
export function oclcNumbersOf(view: RecordView): string[] {
  const out: string[] = [];
  const control = view.control('001');
  if (
    control &&
    (/^ocolc$/i.test(view.control('003')?.trim() ?? '') || /^\s*o(?:cm|cn|n)\d/i.test(control))
  ) {
    pushUnique(out, normalizeOclc(control));
  }
  for (const field of view.fields('035')) {
    for (const sf of field.subfields)
      if (sf.code === 'a' && isMarkedOclc(sf.value)) pushUnique(out, normalizeOclc(sf.value));
  }
  for (const field of view.fields('019')) {
    for (const sf of field.subfields) if (sf.code === 'a') pushUnique(out, normalizeOclc(sf.value));
  }
  return out;
}

const none = (build: (view: RecordView) => unknown) => (options: Readonly<Record<string, unknown>>) => {
  allowOptions(options, []);
  return build;
};

export const IDENTIFIER_MACROS: Record<string, MacroDefinition> = {
  isbns: {
    kind: 'isbns',
    description: '020 $a/$z with $q, checked and normalised to 13 and 10 digits',
    compile: none((view) => isbnsOf(view.fields('020'))),
  },
  issns: {
    kind: 'issns',
    description: '022 $a/$y/$z/$l, checked and normalised to NNNN-NNNX',
    compile: none((view) => issnsOf(view.fields('022'))),
  },
  lccns: {
    kind: 'lccns',
    description: '010 $a/$z, normalised the LoC way',
    compile: none((view) => lccnsOf(view.fields('010'))),
  },
  oclcNumbers: {
    kind: 'strings',
    description: 'OCLC numbers from 001/003, 035 and 019, digits without leading zeros',
    compile: none(oclcNumbersOf),
  },
};
