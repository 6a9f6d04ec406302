import type { CatalogDocument } from '../domain/catalog-document';
import type { HoldingsProfile } from './holdings/holdings-profile';

/**
 * A mapping profile is data: a list of rules, each filling one CatalogDocument field from either a
 * field spec (`extract('245a')`) or a named macro (`macro('authors')`), then a chain of named
 * transforms. `createMapper` compiles it once and rejects a bad rule by name. The default profile
 * lives in ingest/profile/; a deployment can ship its own (TS or JSON with the same shape).
 */
/** Every field but `alternateIds`, which the ingest's matcher keeps, never a mapping rule. */
export type DocumentField = Exclude<keyof CatalogDocument, 'alternateIds'>;

/** A transform by name, or by name with arguments: `'trimPunctuation'`, `['default', 'Unknown']`. */
export type TransformRef = string | readonly [string, ...(string | number)[]];

export interface ExtractSource {
  /** traject field spec, `:`-separated: `245ab`, `650|*0|a`, `008[35-37]`, `LDR[6]`; `X` in a tag is a wildcard. */
  readonly extract: string;
  /** Joins the subfields of one field; `null` keeps each subfield a value of its own. Default ' '. */
  readonly separator?: string | null;
}

export interface MacroSource {
  readonly macro: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export type RuleSource = ExtractSource | MacroSource;

export type MappingRule = RuleSource & {
  readonly to: DocumentField;
  readonly transforms?: readonly TransformRef[];
  /** Shown in load errors; defaults to `<to> #<position>`. */
  readonly name?: string;
};

export interface MappingProfile {
  readonly name: string;
  readonly rules: readonly MappingRule[];
  /** Which fields make holdings and items (852, 952, 949, 876–878); none: records get no items. */
  readonly holdings?: HoldingsProfile;
}

/** traject's `to_field`: `toField('title', extract('245a'), 'trimPunctuation', 'first')`. */
export function toField(to: DocumentField, source: RuleSource, ...transforms: TransformRef[]): MappingRule {
  return transforms.length > 0 ? { to, ...source, transforms } : { to, ...source };
}

export function extract(spec: string, options: { separator?: string | null } = {}): ExtractSource {
  return options.separator === undefined
    ? { extract: spec }
    : { extract: spec, separator: options.separator };
}

export function macro(name: string, options?: Readonly<Record<string, unknown>>): MacroSource {
  return options === undefined ? { macro: name } : { macro: name, options };
}
