import type { QueryNode } from '../query/ast';

/** The text of a query that is only plain words (no fields, no operators but AND), else undefined. */
export function plainText(node: QueryNode | undefined): string | undefined {
  if (!node) return undefined;
  if ((node.type === 'term' || node.type === 'phrase') && node.field === undefined) return node.value;
  if (node.type !== 'and') return undefined;
  const parts = node.children.map(plainText);
  return parts.every((p) => p !== undefined) ? parts.join(' ') : undefined;
}
