import { parseSpec, type FieldSpec } from '../marc/spec';
import { isControlTag, isDataField, tagMatches, type DataField } from '../marc/record';
import type { RecordView } from './record-view';

/**
 * Compiles a traject field spec (parsed by marc/spec.ts) into a function over a RecordView: the
 * catalog's one extractor. It reads through the view's tag index, accepts `X` wildcards in tags
 * (`6XX`), can keep subfields apart (`separator: null`, traject's `separator: nil`), and — as
 * traject does — gives data-field values in record order, whatever the order of the spec's parts.
 * Leader and control-field parts come first, in spec order. A spec that can never match, such as
 * a character range on a data field, is rejected here, at load, rather than silently yielding
 * nothing.
 */
export type Extract = (view: RecordView) => string[];
type Step = (view: RecordView, out: string[]) => void;

export function compileExtract(text: string, separator: string | null = ' '): Extract {
  const specs = parseSpec(text);
  for (const spec of specs) {
    if (spec.range && spec.tag !== 'LDR' && (!isControlTag(spec.tag) || hasWildcard(spec.tag))) {
      throw new Error(`character positions need one control field or LDR, not "${spec.tag}"`);
    }
  }
  const isFixed = (s: FieldSpec) => s.tag === 'LDR' || (isControlTag(s.tag) && !hasWildcard(s.tag));
  const steps = specs.filter(isFixed).map(compileFixed);
  const data = specs.filter((s) => !isFixed(s));
  if (data.length > 0) steps.push(compileData(data, separator));
  if (steps.length === 1) {
    const only = steps[0] as Step;
    return (view) => {
      const out: string[] = [];
      only(view, out);
      return out;
    };
  }
  return (view) => {
    const out: string[] = [];
    for (const step of steps) step(view, out);
    return out;
  };
}

function hasWildcard(tag: string): boolean {
  return tag.includes('X') || tag.includes('x');
}

function compileFixed(spec: FieldSpec): Step {
  const range = spec.range;
  if (spec.tag === 'LDR') {
    return (view, out) => {
      out.push(range ? view.leader.slice(range[0], range[1] + 1) : view.leader);
    };
  }
  return (view, out) => {
    for (const v of view.controlsOf(spec.tag)) out.push(range ? v.slice(range[0], range[1] + 1) : v);
  };
}

function compileData(specs: FieldSpec[], separator: string | null): Step {
  const wildcards = specs.filter((s) => hasWildcard(s.tag));
  const byTag = new Map<string, FieldSpec[]>();
  for (const s of specs) if (!hasWildcard(s.tag)) byTag.set(s.tag, [...(byTag.get(s.tag) ?? []), s]);
  const tags = [...byTag.keys()];
  const perTag = tags.map((t) => byTag.get(t) as FieldSpec[]);
  const apply = (f: DataField, list: readonly FieldSpec[], out: string[]) => {
    for (const spec of list) subfieldsOf(f, spec, separator, out);
  };
  if (wildcards.length > 0) {
    return (view, out) => {
      for (const f of view.record.fields) {
        if (!isDataField(f)) continue;
        apply(f, byTag.get(f.tag) ?? [], out);
        for (const spec of wildcards) if (tagMatches(spec.tag, f.tag)) subfieldsOf(f, spec, separator, out);
      }
    };
  }
  if (tags.length === 1) {
    const [tag, list] = [tags[0] as string, perTag[0] as FieldSpec[]];
    return (view, out) => {
      for (const f of view.fields(tag)) apply(f, list, out);
    };
  }
  // Several tags: one pass in record order, as traject gives them.
  return (view, out) => {
    for (const f of view.record.fields) {
      const list = byTag.get(f.tag);
      if (list && isDataField(f)) apply(f, list, out);
    }
  };
}

function subfieldsOf(field: DataField, spec: FieldSpec, separator: string | null, out: string[]): void {
  if (spec.ind1 !== undefined && field.ind1 !== spec.ind1) return;
  if (spec.ind2 !== undefined && field.ind2 !== spec.ind2) return;
  const codes = spec.codes;
  if (separator === null) {
    for (const sf of field.subfields) if (!codes || codes.includes(sf.code)) out.push(sf.value);
    return;
  }
  let joined: string | undefined;
  for (const sf of field.subfields) {
    if (codes && !codes.includes(sf.code)) continue;
    joined = joined === undefined ? sf.value : joined + separator + sf.value;
  }
  if (joined !== undefined) out.push(joined);
}
