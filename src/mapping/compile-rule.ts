import type { CatalogDocument, Vernacular } from '../domain/catalog-document';
import { accepts, FIELD_KINDS, type FieldKind } from './document-fields';
import { compileExtract } from './extractor';
import type { OutputKind } from './macros/macro';
import { MACROS } from './macros/macro.registry';
import type { DocumentField, TransformRef } from './profile';
import type { RecordView } from './record-view';
import { buildTransform, type Transform } from './transforms/transform.registry';

/** One compiled rule: reads the view, writes its field. */
export type Step = (view: RecordView, doc: CatalogDocument) => void;

type Produce = (view: RecordView) => unknown;
type Doc = Record<string, unknown>;

/**
 * Compiles one rule, or throws a plain Error saying what is wrong with it; the caller adds the
 * rule's name. Checks: a known target field, exactly one source (a valid spec or a known macro
 * with valid options), known transforms with valid arguments, transforms only on string values,
 * and a value kind the target field can hold.
 */
export function compileRule(rule: Record<string, unknown>): Step {
  const to = rule.to;
  if (typeof to !== 'string' || !(to in FIELD_KINDS)) {
    throw new Error(`unknown field ${JSON.stringify(to)}; fields are ${Object.keys(FIELD_KINDS).join(', ')}`);
  }
  const field = to as DocumentField;
  const fieldKind: FieldKind = FIELD_KINDS[field];
  const { produce, kind } = compileSource(rule);
  if (!accepts(fieldKind, kind)) throw new Error(`produces ${kind}, but ${field} holds ${fieldKind}`);
  const transforms = compileTransforms(rule.transforms, kind);
  // Macros may hand out a list they share between rules (memoised work); transforms rewrite in place.
  const fresh = rule.extract !== undefined;
  const run: Produce = transforms.length === 0 ? produce : chain(produce, transforms, fresh);
  const write = writerFor(field, fieldKind);
  return (view, doc) => write(doc as unknown as Doc, run(view));
}

function compileSource(rule: Record<string, unknown>): { produce: Produce; kind: OutputKind } {
  const hasExtract = rule.extract !== undefined;
  const hasMacro = rule.macro !== undefined;
  if (hasExtract === hasMacro) throw new Error('needs exactly one source: extract (a field spec) or macro');
  if (hasExtract) {
    if (typeof rule.extract !== 'string') throw new Error('extract must be a field spec string');
    const separator = rule.separator === undefined ? ' ' : rule.separator;
    if (separator !== null && typeof separator !== 'string')
      throw new Error('separator must be a string or null');
    return { produce: compileExtract(rule.extract, separator), kind: 'strings' };
  }
  const name = rule.macro;
  const definition = typeof name === 'string' ? MACROS[name] : undefined;
  if (!definition) {
    throw new Error(`unknown macro ${JSON.stringify(name)}; macros are ${Object.keys(MACROS).join(', ')}`);
  }
  const options = rule.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Error('macro options must be an object');
  }
  return { produce: definition.compile(options as Record<string, unknown>), kind: definition.kind };
}

function compileTransforms(refs: unknown, kind: OutputKind): Transform[] {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) throw new Error('transforms must be a list');
  if (refs.length > 0 && kind !== 'strings')
    throw new Error(`transforms work on strings, and this rule produces ${kind}`);
  return (refs as TransformRef[]).map((ref) => {
    if (typeof ref === 'string') return buildTransform(ref, []);
    if (Array.isArray(ref) && typeof ref[0] === 'string') return buildTransform(ref[0], ref.slice(1));
    throw new Error(`transform ${JSON.stringify(ref)} is neither a name nor [name, ...arguments]`);
  });
}

function chain(produce: Produce, transforms: Transform[], fresh: boolean): Produce {
  return (view) => {
    let values = fresh ? (produce(view) as string[]) : (produce(view) as string[]).slice();
    for (const t of transforms) values = t(values);
    return values;
  };
}

function writerFor(field: DocumentField, kind: FieldKind): (doc: Doc, value: unknown) => void {
  switch (kind) {
    case 'string':
      return (doc, value) => {
        const first = (value as string[]).find((v) => v.length > 0);
        if (first !== undefined && (doc[field] === undefined || doc[field] === '')) doc[field] = first;
      };
    case 'strings':
      return (doc, value) => {
        const list = doc[field] as string[];
        for (const v of value as string[]) if (v.length > 0 && !list.includes(v)) list.push(v);
      };
    case 'number':
      return (doc, value) => {
        if (doc[field] === undefined && typeof value === 'number' && Number.isFinite(value))
          doc[field] = value;
      };
    case 'boolean':
      return (doc, value) => {
        doc[field] = doc[field] === true || value === true;
      };
    case 'vernacular':
      return (doc, value) => mergeVernacular(doc[field] as Vernacular, value as Vernacular);
    default:
      return (doc, value) => {
        const list = doc[field] as unknown[];
        for (const v of value as unknown[]) list.push(v);
      };
  }
}

function mergeVernacular(into: Vernacular, from: Vernacular): void {
  for (const family of Object.keys(into) as (keyof Vernacular)[]) {
    for (const v of from[family]) if (!into[family].includes(v)) into[family].push(v);
  }
}
