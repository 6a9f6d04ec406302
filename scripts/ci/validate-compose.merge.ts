import { isPlainObject, OVERRIDE, RESET, withoutMergeTags } from './validate-compose.yaml';

/**
 * Merges a later Compose file into an earlier one by the Compose Specification's merge rules
 * (reference/compose-file/merge): mappings merge key by key; sequences append, except `command`,
 * `entrypoint` and `healthcheck.test`, which the later file replaces; `volumes` keep one mount per
 * target path and identical entries appear once; `!override` replaces and `!reset` removes. Only
 * this subset is implemented: it covers what the files in this repository use.
 */
export function mergeCompose(base: unknown, later: unknown): unknown {
  return mergeValue(base, later, []);
}

const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'healthcheck.test']);

function mergeValue(base: unknown, later: unknown, path: string[]): unknown {
  if (isPlainObject(later) && OVERRIDE in later) return withoutMergeTags(later[OVERRIDE]);
  if (isPlainObject(base) && isPlainObject(later)) return mergeMappings(base, later, path);
  if (Array.isArray(base) && Array.isArray(later)) return mergeSequences(base, later, path);
  return withoutMergeTags(later);
}

function mergeMappings(
  base: Record<string, unknown>,
  later: Record<string, unknown>,
  path: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(later)) {
    if (isPlainObject(value) && RESET in value) delete out[key];
    else out[key] = key in base ? mergeValue(base[key], value, [...path, key]) : withoutMergeTags(value);
  }
  return out;
}

function mergeSequences(base: unknown[], later: unknown[], path: string[]): unknown[] {
  const key = path.slice(-2).join('.');
  const last = path[path.length - 1] ?? '';
  if (REPLACED_SEQUENCES.has(last) || REPLACED_SEQUENCES.has(key))
    return withoutMergeTags(later) as unknown[];
  const identity = last === 'volumes' ? volumeTarget : last === 'ports' ? String : JSON.stringify;
  const byIdentity = new Map<string, unknown>();
  for (const item of [...base, ...(withoutMergeTags(later) as unknown[])])
    byIdentity.set(identity(item), item);
  return [...byIdentity.values()];
}

/** `source:target[:mode]` or `{ target }`: Compose keeps one mount per target path. */
export function volumeTarget(entry: unknown): string {
  if (isPlainObject(entry)) return String(entry.target);
  const parts = String(entry).split(':');
  return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
}
