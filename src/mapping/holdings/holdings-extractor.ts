import type { MarcRecord } from '../../marc/record';
import { isDataField } from '../../marc/record';
import { compileHoldings } from './compile-holdings';
import { extractHoldings, type HoldingsExtract } from './extract-holdings';
import type { HoldingsProfile } from './holdings-profile';

/** What a holdings record (MFHD) gives: its holding and items, and the bib it belongs to. */
export interface HoldingsRecordExtract extends HoldingsExtract {
  /** Its own 001: the holding is `mfhd:<001>`. */
  controlNumber?: string;
  /** 004 (the bib's 001), else 014 $a. */
  linksTo?: string;
  /** Why it cannot be kept (no 001, nothing to link to): the ingest rejects it with this reason. */
  refusal?: string;
}

/**
 * A profile's holdings rules, compiled once (a bad rule fails here, naming it), applied to a
 * bibliographic record's embedded fields or to a holdings record. Pure: the ingest runs it in its
 * worker thread beside the mapping.
 */
export interface HoldingsExtractor {
  forRecord(record: MarcRecord, recordId: string): HoldingsExtract;
  forHoldingsRecord(record: MarcRecord): HoldingsRecordExtract;
}

/** Leader/06 u, v, x, y: a MARC 21 holdings record, not a bibliographic one. */
export function isHoldingsRecord(record: Pick<MarcRecord, 'leader'>): boolean {
  const type = record.leader[6];
  return type === 'u' || type === 'v' || type === 'x' || type === 'y';
}

export function createHoldingsExtractor(profileName: string, profile: HoldingsProfile): HoldingsExtractor {
  const rules = compileHoldings(profileName, profile);
  return {
    forRecord: (record, recordId) =>
      extractHoldings(rules, record, { recordId, holdingIdBase: `${recordId}#852-`, holdingSource: '852' }),
    forHoldingsRecord(record) {
      const controlNumber = record.getControl('001')?.trim() || undefined;
      const linksTo = linkOf(record);
      const refusal = !controlNumber
        ? 'holdings_record_unlinkable: a holdings record without a 001 cannot be kept (its holding is named by it)'
        : !linksTo
          ? 'holdings_record_unlinkable: a holdings record without a 004 (or 014 $a) names no bibliographic record'
          : undefined;
      if (refusal)
        return { holdings: [], items: [], problems: [], refusal, ...(controlNumber && { controlNumber }) };
      const extract = extractHoldings(rules, record, {
        recordId: '',
        holdingIdBase: `mfhd:${controlNumber}`,
        holdingSource: 'mfhd',
        linksTo: linksTo!,
      });
      return { ...extract, controlNumber: controlNumber!, linksTo: linksTo! };
    },
  };
}

function linkOf(record: MarcRecord): string | undefined {
  const own = record.getControl('004')?.trim();
  if (own) return own;
  for (const field of record.fields) {
    if (field.tag !== '014' || !isDataField(field)) continue;
    const a = field.subfields.find((s) => s.code === 'a')?.value.trim();
    if (a) return a;
  }
  return undefined;
}
