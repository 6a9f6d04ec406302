import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import { readMarcBatches } from '../marc/formats';
import type { ReadItem } from '../marc/read-item';
import type { MarcRecord } from '../marc/record';
import { toIso2709 } from '../marc/writers/iso2709.writer';
import type { HoldingsExtract } from '../mapping/holdings/extract-holdings';
import {
  isHoldingsRecord,
  type HoldingsExtractor,
  type HoldingsRecordExtract,
} from '../mapping/holdings/holdings-extractor';
import { holdingsOf, type MapRecord } from '../mapping/mapper';
import { unstorableRecord } from '../store/storable-record';
import type { IngestOptions, ReportLine } from './ingest.types';
import type { Entry } from './staged-record';

/**
 * A read item mapped (with its holdings and items, when the profile has holdings rules and it has
 * any), a holdings record, or the report line and bytes of a record that could not be read or mapped.
 */
export type Mapped =
  | { ok: true; line: ReportLine; record: MarcRecord; document: CatalogDocument; holdings?: HoldingsExtract }
  | { ok: true; line: ReportLine; holdingsRecord: HoldingsRecordExtract }
  | { ok: false; line: ReportLine; raw: Uint8Array };

/** Reads and maps on this thread: what every caller gets when no worker thread can do it. */
export async function* localEntries(
  source: AsyncIterable<Uint8Array>,
  file: string,
  map: MapRecord,
  options: Pick<IngestOptions, 'format' | 'charset'>,
): AsyncGenerator<Entry[]> {
  for await (const items of readMarcBatches(source, { format: options.format, charset: options.charset })) {
    yield items.map((item): Entry => {
      const m = mapItem(item, file, map);
      if (!m.ok) return { rejected: m.line, raw: m.raw };
      if ('holdingsRecord' in m) return { holdingsRecord: { line: m.line, extract: m.holdingsRecord } };
      const { line, record, document, holdings } = m;
      return { staged: { line, record, document, ...(holdings && { holdings }) } };
    });
  }
}

/**
 * Every input record ends as exactly one report line: a damaged or unmappable record is rejected
 * with its reason and its bytes (for a rejects file). The outcome of a mapped one is decided later.
 */
export function mapItem(item: ReadItem, file: string, map: MapRecord): Mapped {
  const m = mapRecordItem(item, file, map);
  return m.ok && 'document' in m ? withHoldings(m, holdingsOf(map)) : m;
}

function mapRecordItem(item: ReadItem, file: string, map: MapRecord): Mapped {
  const at = { record: item.recordNumber, file, byteOffset: item.byteOffset };
  if (!item.ok) {
    return {
      ok: false,
      line: { ...at, outcome: 'rejected', reason: `${item.code}: ${item.message}` },
      raw: item.raw,
    };
  }
  const warnings =
    item.warnings.length > 0 ? { warnings: item.warnings.map((w) => `${w.code}: ${w.message}`) } : {};
  // A holdings record is not a catalog record: it is never mapped or stored as one.
  if (isHoldingsRecord(item.record))
    return holdingsRecordOf(item.record, { ...at, ...warnings, outcome: 'holdings' }, holdingsOf(map));
  let document: CatalogDocument;
  try {
    document = map(item.record);
  } catch (err) {
    const line: ReportLine = {
      ...at,
      ...warnings,
      outcome: 'rejected',
      reason: `mapping failed: ${messageOf(err)}`,
    };
    return { ok: false, line, raw: rawOf(item.record) };
  }
  // Stored, it could not be read back (an id no URL carries, a tag no writer writes): say so now.
  const unstorable = unstorableRecord(item.record, document, { asDelete: document.deleted });
  if (unstorable) {
    const line: ReportLine = { ...at, ...warnings, outcome: 'rejected', reason: messageOf(unstorable) };
    return { ok: false, line, raw: rawOf(item.record) };
  }
  return { ok: true, line: { ...at, ...warnings, outcome: 'rejected' }, record: item.record, document };
}

/** The record's holdings and items, its holdings problems added to its line's warnings. */
function withHoldings(
  m: Extract<Mapped, { document: CatalogDocument }>,
  holdings?: HoldingsExtractor,
): Mapped {
  if (!holdings || m.document.deleted) return m;
  const extract = holdings.forRecord(m.record, m.document.id);
  if (extract.holdings.length === 0 && extract.items.length === 0 && extract.problems.length === 0) return m;
  addProblems(m.line, extract);
  return { ...m, holdings: extract };
}

function holdingsRecordOf(record: MarcRecord, line: ReportLine, holdings?: HoldingsExtractor): Mapped {
  const extract: HoldingsRecordExtract = holdings?.forHoldingsRecord(record) ?? {
    holdings: [],
    items: [],
    problems: [],
    refusal:
      'holdings_record_unmapped: the mapping has no holdings rules, so a holdings record cannot be kept',
  };
  if (extract.refusal)
    return { ok: false, line: { ...line, outcome: 'rejected', reason: extract.refusal }, raw: rawOf(record) };
  addProblems(line, extract);
  const controlNumber = extract.controlNumber;
  return {
    ok: true,
    line: { ...line, ...(controlNumber && { controlNumber }), outcome: 'holdings' },
    holdingsRecord: extract,
  };
}

function addProblems(line: ReportLine, extract: HoldingsExtract): void {
  if (extract.problems.length === 0) return;
  line.warnings = [...(line.warnings ?? []), ...extract.problems.map((p) => `${p.code}: ${p.message}`)];
}

/**
 * The bytes of a record that was read but not stored, for a rejects file: ISO 2709 (the reader's
 * own bytes are not kept), or its JSON when ISO 2709 cannot hold it.
 */
export function rawOf(record: MarcRecord): Uint8Array {
  try {
    return toIso2709(record);
  } catch {
    return Buffer.from(JSON.stringify(record));
  }
}

function messageOf(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
