import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';

/** What the loan rules parsers share about YAML nodes: where they are, what they say. */
export type At = (node: Node | null | undefined, message: string) => void;
export type LineOf = (node: Node | null | undefined) => number;

/** A patron or item type: as the catalog writes them, lower case. */
export const TYPE_CODE = /^[a-z0-9][a-z0-9._-]{0,49}$/;
/** A library code, as the locations file's. */
export const LIBRARY_CODE = /^[A-Za-z0-9._-]{1,50}$/;

export function whole(node: Node | undefined, what: string, min: number, max: number, at: At): number {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  at(node, `${what} must be a whole number from ${min} to ${max}, not ${scalarText(node)}`);
  return min;
}

export function checkKeys(map: YAMLMap, allowed: string[], at: At, where = '(top)'): void {
  for (const pair of map.items) {
    const name = scalarText(pair.key as Node);
    if (!allowed.includes(name))
      at(pair.key as Node, `${where}: unknown key "${name}"; use ${allowed.join(', ')}`);
  }
}

export function scalarText(node: Node | null | undefined): string {
  if (isScalar(node)) return String(node.value);
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'nothing';
}
