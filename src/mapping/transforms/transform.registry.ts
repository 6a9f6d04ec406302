import { trimPunctuation } from './punctuation.transform';
import { sortKey } from './sort-key.transform';

/**
 * Named transforms a rule may chain after its source. Each factory checks its arguments when the
 * profile compiles and returns the function that runs per record; a bad name or argument is a
 * load-time error naming the rule (see compile.ts).
 */
export type Transform = (values: string[]) => string[];
type Factory = (args: readonly (string | number)[]) => Transform;

/** Rewrites the list in place (each rule's list is fresh per record), dropping values that become empty. */
const map =
  (fn: (s: string) => string): Transform =>
  (values) => {
    let kept = 0;
    for (let i = 0; i < values.length; i++) {
      const t = fn(values[i] as string);
      if (t.length > 0) values[kept++] = t;
    }
    values.length = kept;
    return values;
  };

const noArgs = (name: string, transform: Transform): Factory => {
  return (args) => {
    if (args.length > 0) throw new TransformArgumentError(`${name} takes no arguments`);
    return transform;
  };
};

export class TransformArgumentError extends Error {}

const FACTORIES: Record<string, Factory> = {
  trim: noArgs(
    'trim',
    map((s) => s.trim()),
  ),
  trimPunctuation: noArgs('trimPunctuation', map(trimPunctuation)),
  collapseWhitespace: noArgs(
    'collapseWhitespace',
    map((s) => s.replace(/\s+/g, ' ').trim()),
  ),
  lowercase: noArgs(
    'lowercase',
    map((s) => s.toLowerCase()),
  ),
  uppercase: noArgs(
    'uppercase',
    map((s) => s.toUpperCase()),
  ),
  sortKey: noArgs('sortKey', map(sortKey)),
  unique: noArgs('unique', (values) => (values.length < 2 ? values : [...new Set(values)])),
  first: noArgs('first', (values) => (values.length < 2 ? values : values.slice(0, 1))),
  default: (args) => {
    const [value] = args;
    if (args.length !== 1 || typeof value !== 'string') {
      throw new TransformArgumentError('default takes one string');
    }
    return (values) => (values.length > 0 ? values : [value]);
  },
  prefix: (args) => {
    const [value] = args;
    if (args.length !== 1 || typeof value !== 'string')
      throw new TransformArgumentError('prefix takes one string');
    return map((s) => value + s);
  },
  match: (args) => {
    const [source] = args;
    if (args.length !== 1 || typeof source !== 'string') {
      throw new TransformArgumentError('match takes one regular expression');
    }
    const pattern = new RegExp(source, 'u');
    return (values) => values.filter((v) => pattern.test(v));
  },
};

export const TRANSFORM_NAMES: readonly string[] = Object.keys(FACTORIES);

/** Throws TransformArgumentError for an unknown name or bad arguments. */
export function buildTransform(name: string, args: readonly (string | number)[]): Transform {
  const factory = FACTORIES[name];
  if (!factory)
    throw new TransformArgumentError(`unknown transform "${name}" (known: ${TRANSFORM_NAMES.join(', ')})`);
  return factory(args);
}
