import { MarcRecord, type DataField, type Field, type Subfield } from '../record';
import { recordFromMarcInJson } from './mij-record';

/**
 * Reads back text that `marcInJsonText` (writers/mij.writer.ts) wrote: the store's canonical MARC.
 * That text is well formed by construction (NFC, one-character indicators, one key per field and
 * per subfield), so the repairs and checks the MARC-in-JSON reader applies to outside input are
 * skipped: about a fifth less CPU per record on an export, most of it garbage not made. Anything of
 * another shape goes to that reader, so an unexpected row is never misread.
 */
export function recordFromMarcInJsonText(text: string): MarcRecord {
  const value = JSON.parse(text) as unknown;
  return trusted(value) ?? recordFromMarcInJson(value).record;
}

type Entry = Record<string, unknown>;

function trusted(value: unknown): MarcRecord | undefined {
  const v = value as { leader?: unknown; fields?: unknown } | null;
  if (v === null || typeof v !== 'object' || typeof v.leader !== 'string' || !Array.isArray(v.fields)) {
    return undefined;
  }
  const fields: Field[] = new Array<Field>(v.fields.length);
  for (let i = 0; i < v.fields.length; i++) {
    const field = fieldOf(v.fields[i]);
    if (!field) return undefined;
    fields[i] = field;
  }
  return new MarcRecord(v.leader, fields);
}

function fieldOf(entry: unknown): Field | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const keys = Object.keys(entry);
  if (keys.length !== 1 || keys[0]!.length !== 3) return undefined;
  const tag = keys[0]!;
  const body = (entry as Entry)[tag];
  if (typeof body === 'string') return { tag, value: body };
  if (body === null || typeof body !== 'object') return undefined;
  const { ind1, ind2, ind3, subfields } = body as Entry;
  if (!plainIndicator(ind1) || !plainIndicator(ind2) || !Array.isArray(subfields)) return undefined;
  const out: Subfield[] = new Array<Subfield>(subfields.length);
  for (let k = 0; k < subfields.length; k++) {
    const sf = subfields[k] as Entry | null;
    if (sf === null || typeof sf !== 'object') return undefined;
    let code: string | undefined;
    for (const key in sf) {
      if (code !== undefined) return undefined;
      code = key;
    }
    const text = code === undefined ? undefined : sf[code];
    if (typeof text !== 'string') return undefined;
    out[k] = { code: code!, value: text };
  }
  const field: DataField = { tag, ind1, ind2, subfields: out };
  if (typeof ind3 === 'string') field.ind3 = ind3;
  return field;
}

/** One character, and not FOLIO's `\` for a blank, which the checking reader repairs. */
function plainIndicator(value: unknown): value is string {
  return typeof value === 'string' && value.length === 1 && value !== '\\';
}
