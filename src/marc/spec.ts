import { MarcSpecError } from './errors';
import { isControlField, isDataField, type MarcRecord } from './record';

/**
 * Field specs in traject's notation, compiled once:
 *   `245abk`  subfields a, b, k of every 245, joined, one value per field
 *   `650`     all subfields of every 650
 *   `245|1*|a` only where ind1 is 1 (`*` any indicator, `_` or ` ` blank)
 *   `008[35-37]`, `LDR[6]`  character positions of a control field or the leader
 *   `100a:700a`  several specs, values concatenated in spec order
 */
export interface FieldSpec {
  tag: string;
  ind1?: string;
  ind2?: string;
  /** Subfield codes to keep, in record order; undefined keeps all. */
  codes?: string;
  /** Inclusive character range for control fields and the leader. */
  range?: [number, number];
}

export interface ExtractOptions {
  separator?: string;
}

const SPEC = /^([0-9A-Za-z]{3})(?:\|([^|]{2})\|)?(?:\[(\d+)(?:-(\d+))?\]|([a-z0-9]*))$/;

export function parseSpec(text: string): FieldSpec[] {
  const parts = text.split(':');
  return parts.map((part) => {
    const m = SPEC.exec(part.trim());
    if (!m) throw new MarcSpecError(text, `"${part}" is not TAG[|ii|][codes] or TAG[start-end]`);
    const [, tag, inds, start, end, codes] = m as unknown as [
      string,
      string,
      string?,
      string?,
      string?,
      string?,
    ];
    const spec: FieldSpec = { tag: tag === 'ldr' ? 'LDR' : tag };
    if (inds) {
      spec.ind1 = normaliseIndicator(inds[0] as string);
      spec.ind2 = normaliseIndicator(inds[1] as string);
    }
    if (start !== undefined) {
      const from = Number(start);
      const to = end === undefined ? from : Number(end);
      if (to < from) throw new MarcSpecError(text, `range ${from}-${to} runs backwards`);
      spec.range = [from, to];
    } else if (codes) {
      spec.codes = codes;
    }
    return spec;
  });
}

function normaliseIndicator(c: string): string | undefined {
  if (c === '*') return undefined;
  return c === '_' || c === '#' ? ' ' : c;
}

export type Extractor = (record: MarcRecord) => string[];

/** Compile a spec string once; the returned function is what runs per record. */
export function compileSpec(text: string, options: ExtractOptions = {}): Extractor {
  const specs = parseSpec(text);
  const separator = options.separator ?? ' ';
  return (record) => {
    const out: string[] = [];
    for (const spec of specs) extractOne(record, spec, separator, out);
    return out;
  };
}

function extractOne(record: MarcRecord, spec: FieldSpec, separator: string, out: string[]): void {
  if (spec.tag === 'LDR') {
    if (spec.range) out.push(record.leader.slice(spec.range[0], spec.range[1] + 1));
    else out.push(record.leader);
    return;
  }
  for (const field of record.fields) {
    if (field.tag !== spec.tag) continue;
    if (isControlField(field)) {
      out.push(spec.range ? field.value.slice(spec.range[0], spec.range[1] + 1) : field.value);
      continue;
    }
    if (!isDataField(field) || spec.range) continue;
    if (spec.ind1 !== undefined && field.ind1 !== spec.ind1) continue;
    if (spec.ind2 !== undefined && field.ind2 !== spec.ind2) continue;
    const values: string[] = [];
    for (const sf of field.subfields) if (!spec.codes || spec.codes.includes(sf.code)) values.push(sf.value);
    if (values.length > 0) out.push(values.join(separator));
  }
}

/** One-off extraction; prefer compileSpec where a spec runs for every record. */
export function extract(record: MarcRecord, spec: string, options: ExtractOptions = {}): string[] {
  return compileSpec(spec, options)(record);
}
