import { MarcSpecError } from './errors';

/**
 * Field specs in traject's notation, parsed here and run by mapping/extractor.ts (which reads them
 * through a RecordView, in record order, as traject does):
 *   `245abk`  subfields a, b, k of every 245, joined, one value per field
 *   `650`     all subfields of every 650
 *   `245|1*|a` only where ind1 is 1 (`*` any indicator, `_` or ` ` blank)
 *   `008[35-37]`, `LDR[6]`  character positions of a control field or the leader
 *   `100a:700a`  several specs; data-field values in record order
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
