import { isNode, parseDocument, visit, YAMLMap, type Tags } from 'yaml';

/**
 * Compose files as Compose reads them, for a validator that cannot run `docker compose config`:
 * YAML with anchors, the `!override` and `!reset` tags of multi-file merging, and `${VAR:-default}`
 * interpolation. Tagged values become marker objects that the merge step understands.
 */
export const OVERRIDE = '__compose_override__';
export const RESET = '__compose_reset__';

const MERGE_TAGS = ['!override', '!reset'];

// Known to the parser so they are not reported as unresolved; the nodes keep their tag.
const CUSTOM_TAGS: Tags = MERGE_TAGS.flatMap((tag) => [
  { tag, collection: 'map' as const, resolve: (node: unknown) => node },
  { tag, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag, resolve: (value: string) => value },
]);

export class ComposeFileError extends Error {}

/** Parses one file; duplicate keys and YAML errors fail, naming the file. */
export function parseComposeYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, merge: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0) throw new ComposeFileError(`${file}: ${problems.join('; ')}`);
  visit(doc, (_key, node) => {
    if (!isNode(node) || node.tag === undefined || !MERGE_TAGS.includes(node.tag)) return undefined;
    const marker = new YAMLMap();
    marker.set(node.tag === '!override' ? OVERRIDE : RESET, node);
    node.tag = undefined;
    return marker;
  });
  return doc.toJS({ maxAliasCount: 100 });
}

/** `!override x` is `x` and `!reset` removes the key: what one file means on its own. */
export function withoutMergeTags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMergeTags);
  if (!isPlainObject(value)) return value;
  if (OVERRIDE in value) return withoutMergeTags(value[OVERRIDE]);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isPlainObject(item) && RESET in item) continue;
    out[key] = withoutMergeTags(item);
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REFERENCE = /\$(\$|\{([^}]*)\}|[A-Za-z_][A-Za-z0-9_]*)/g;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s;

/**
 * Interpolates every string value (not keys) the way Compose does for `$$`, `$VAR`, `${VAR}`,
 * `${VAR:-default}` and `${VAR-default}`. Other forms (`:?`, `:+`, nesting) are refused rather
 * than guessed. A variable with no default and no value is a problem: a plain
 * `docker compose up` would substitute an empty string.
 */
export function interpolate(value: unknown, env: Record<string, string>, problems: string[]): unknown {
  if (typeof value === 'string') return interpolateString(value, env, problems);
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, problems));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = interpolate(item, env, problems);
  return out;
}

function interpolateString(text: string, env: Record<string, string>, problems: string[]): string {
  return text.replace(REFERENCE, (whole: string, body: string, braced: string | undefined) => {
    if (body === '$') return '$';
    const match = BRACED.exec(braced ?? body);
    if (!match) {
      problems.push(`interpolation ${whole} is not a form this validator understands`);
      return '';
    }
    const [, name = '', operator, fallback = ''] = match;
    if (fallback.includes('$')) problems.push(`nested interpolation in ${whole} is not supported here`);
    const set = env[name];
    if (operator === ':-') return set === undefined || set === '' ? fallback : set;
    if (operator === '-') return set ?? fallback;
    if (set === undefined) problems.push(`${whole} has no default and ${name} is not set`);
    return set ?? '';
  });
}
