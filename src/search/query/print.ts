import type { QueryNode, SearchField } from './ast';
import { scanToken, type LexMode } from './lexer';

/**
 * AST → canonical query text, for the `query` echo in API responses and for logs. For any tree
 * parseQuery returns, parseQuery(printQuery(tree)) deep-equals it. Canonical means: explicit
 * `OR` and `NOT`, implicit AND (a space), parentheses only where precedence needs them, `year:1990`
 * for a one-year range, and a field written once in front of a group when every term in the
 * group has it (`title:(war OR peace)`). Words are written as typed unless that would read back
 * differently (`AND`, `-war`, `(a)`), in which case `\` escapes are added.
 */
export function printQuery(node: QueryNode | undefined): string {
  return node === undefined ? '' : printNode(node, undefined);
}

/** `scope` is the field of the enclosing `field:( … )` group, written already. */
function printNode(node: QueryNode, scope: SearchField | undefined): string {
  switch (node.type) {
    case 'term':
    case 'phrase':
    case 'range':
      return printLeaf(node, scope);
    case 'callnumberRange':
      return `callnumber:[${node.from ?? '*'} TO ${node.to ?? '*'}]`;
    case 'facet':
      // The language has no syntax for it (a filter does this job there): shown for logs only.
      return `${node.field}:"${node.value.replace(/[\\"]/g, '\\$&')}"`;
    case 'not':
      return `NOT ${printOperand(node.child, scope, true)}`;
    case 'and':
    case 'or':
      return printOperand(node, scope, false);
  }
}

/** An and/or either becomes a field group, gets parentheses (when `grouped`), or stands bare. */
function printOperand(node: QueryNode, scope: SearchField | undefined, grouped: boolean): string {
  if (node.type !== 'and' && node.type !== 'or') return printNode(node, scope);
  if (node.children.length === 1) return printOperand(node.children[0] as QueryNode, scope, grouped);
  const shared = scope === undefined ? sharedField(node) : undefined;
  if (shared !== undefined) return `${shared}:(${printBool(node, shared)})`;
  const text = printBool(node, scope);
  return grouped ? `(${text})` : text;
}

function printBool(node: QueryNode & { type: 'and' | 'or' }, scope: SearchField | undefined): string {
  if (node.type === 'or')
    return node.children.map((c) => printOperand(c, scope, c.type === 'or')).join(' OR ');
  return node.children.map((c) => printOperand(c, scope, true)).join(' ');
}

type Leaf = Extract<QueryNode, { type: 'term' | 'phrase' | 'range' }>;

function printLeaf(node: Leaf, scope: SearchField | undefined): string {
  const inScope = node.field === scope;
  const label = inScope || node.field === undefined ? '' : `${node.field}:`;
  switch (node.type) {
    case 'range':
      return label + printYears(node.from, node.to);
    case 'phrase':
      return `${label}"${node.value.replace(/[\\"]/g, '\\$&')}"`;
    case 'term':
      return label + printWord(node.value, node.prefix, { value: !inScope, year: false });
  }
}

function printYears(from: number | undefined, to: number | undefined): string {
  if (from !== undefined && from === to) return String(from);
  return `[${from ?? '*'} TO ${to ?? '*'}]`;
}

/** The word as typed when it reads back the same; otherwise with as few `\` escapes as will do. */
function printWord(value: string, prefix: boolean, mode: LexMode): string {
  const star = prefix ? '*' : '';
  const chars = Array.from(value);
  const punctuation = (c: string) => !/[\p{L}\p{N}]/u.test(c);
  const candidates = [
    value,
    chars.map((c) => (punctuation(c) ? `\\${c}` : c)).join(''),
    // Escaping the first character too stops it reading as an operator, `-` or a field name.
    chars.map((c, i) => (i === 0 || punctuation(c) ? `\\${c}` : c)).join(''),
  ];
  for (const candidate of candidates) {
    if (readsBackAs(candidate + star, mode, value, prefix)) return candidate + star;
  }
  return (candidates[2] as string) + star;
}

/** Read back with a `)` after it, as in a group, so a trailing `\` cannot swallow what follows. */
function readsBackAs(text: string, mode: LexMode, value: string, prefix: boolean): boolean {
  try {
    const token = scanToken(`${text})`, 0, mode);
    return (
      token.kind === 'word' &&
      token.start === 0 &&
      token.end === text.length &&
      token.value === value &&
      token.prefix === prefix
    );
  } catch {
    return false;
  }
}

/** The field every leaf below carries, when there is exactly one; year ranges count as `year`. */
function sharedField(node: QueryNode): SearchField | undefined {
  const fields = new Set<SearchField | undefined>();
  let facets = false;
  const visit = (n: QueryNode): void => {
    if (n.type === 'and' || n.type === 'or') n.children.forEach(visit);
    else if (n.type === 'not') visit(n.child);
    else if (n.type === 'facet' || n.type === 'callnumberRange') facets = true;
    else fields.add(n.field);
  };
  visit(node);
  const [only] = fields;
  return fields.size === 1 && !facets ? only : undefined;
}
