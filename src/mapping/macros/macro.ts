import { tagList, type RecordView, type TagList } from '../record-view';

/**
 * What a macro hands back, so the compiler can check at load time that a rule sends it to a field
 * that holds that kind of value (authors into `authors`, a number into `year` …).
 */
export type OutputKind =
  | 'strings'
  | 'number'
  | 'boolean'
  | 'authors'
  | 'subjects'
  | 'isbns'
  | 'issns'
  | 'lccns'
  | 'links'
  | 'callNumbers'
  | 'vernacular';

export type MacroOptions = Readonly<Record<string, unknown>>;

export interface MacroDefinition {
  readonly kind: OutputKind;
  readonly description: string;
  /** Checks the options (throwing MacroOptionError) and returns the per-record function. */
  compile(options: MacroOptions): (view: RecordView) => unknown;
}

export class MacroOptionError extends Error {}

/** Rejects options the macro does not know, so a misspelt option fails at load. */
export function allowOptions(options: MacroOptions, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const allowed = known.length > 0 ? known.join(', ') : 'none';
      throw new MacroOptionError(`unknown option "${key}" (allowed: ${allowed})`);
    }
  }
}

export function oneOfOption<T extends string>(
  options: MacroOptions,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  const value = options[name] ?? fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new MacroOptionError(
      `option "${name}" must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** A list of three-character tags, sorted for RecordView.fieldsOf. */
export function tagsOption(options: MacroOptions, name: string, fallback: readonly string[]): TagList {
  const value = options[name];
  if (value === undefined) return tagList(fallback);
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string' && /^[0-9A-Za-z]{3}$/.test(t))) {
    throw new MacroOptionError(
      `option "${name}" must be a list of three-character tags, not ${JSON.stringify(value)}`,
    );
  }
  return tagList(value as string[]);
}

export function booleanOption(options: MacroOptions, name: string, fallback: boolean): boolean {
  const value = options[name] ?? fallback;
  if (typeof value !== 'boolean') throw new MacroOptionError(`option "${name}" must be true or false`);
  return value;
}

/** Pushes a value unless it is empty or already there: the small-array dedupe every macro wants. */
export function pushUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && value.length > 0 && !list.includes(value)) list.push(value);
}
