import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { AppError } from '../errors/app-error';
import { rowsOf, type LoanRulesFileRow } from './loan-rules-rows.config';
import { checkKeys, LIBRARY_CODE, scalarText, TYPE_CODE, whole, type At, type LineOf } from './yaml-nodes';

export type { LoanRulesFileRow } from './loan-rules-rows.config';

/**
 * The loan rules file (STACKS_LOAN_RULES; docs/circulation.md, "Loan rules"): YAML, or JSON (which YAML 1.2
 * reads, with every node's line). This reads its shape: known keys, values of the right kind,
 * with the 1-based line each came from. Whether the rules agree with each other (declared types,
 * one row per key, a week with an open day) is the domain's question (createLoanPolicy), asked of
 * this plain data, since config may not import the domain. Every problem is named in one error.
 */
export interface LoanRulesFile {
  /** The path, for messages. */
  file: string;
  timezone: Lined<string>;
  patronTypes: Lined<string>[];
  itemTypes: Lined<string>[];
  notLoanable: Lined<string>[];
  holdShelfDays: number;
  closed: LoanRulesFileClosed[];
  rules: LoanRulesFileRow[];
}

export interface Lined<T> {
  value: T;
  line: number;
}

export interface LoanRulesFileClosed {
  /** Upper case, or `*` for every library. */
  library: string;
  weekdays: Lined<string>[];
  dates: Lined<string>[];
  line: number;
}

export const DEFAULT_HOLD_SHELF_DAYS = 7;
const TOP_KEYS = ['timezone', 'patronTypes', 'itemTypes', 'notLoanable', 'holdShelfDays', 'closed', 'rules'];
const CLOSED_KEYS = ['weekdays', 'dates'];

/** Catches a slipped digit, not policy. */
const MAX_HOLD_SHELF_DAYS = 365;

export function readLoanRulesFile(file: string): LoanRulesFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw loanRulesInvalid(file, [`line 1: cannot read it (${reason})`]);
  }
  return parseLoanRules(text, file);
}

/** The file's text → its rules as data; `file` only names it in errors. */
export function parseLoanRules(text: string, file: string): LoanRulesFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const parsed = doc.errors.map((e) => `line ${e.linePos?.[0].line ?? 1}: ${parserSays(e.message)}`);
    throw loanRulesInvalid(file, parsed);
  }
  const problems: string[] = [];
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? counter.linePos(node.range[0]).line : 1;
  const at: At = (node, message) => problems.push(`line ${lineOf(node)}: ${message}`);
  const root = doc.contents;
  if (!isMap(root)) {
    at(root, 'the file must be a mapping with patronTypes, itemTypes and rules');
    throw loanRulesInvalid(file, problems);
  }
  checkKeys(root, TOP_KEYS, at);
  const field = (key: string): Node | undefined => root.get(key, true) as Node | undefined;
  const timezone = field('timezone');
  const result: LoanRulesFile = {
    file,
    timezone: { value: timezone ? text1(timezone, 'timezone', at) : 'UTC', line: lineOf(timezone ?? root) },
    patronTypes: typeList(field('patronTypes'), 'patronTypes', root, at, lineOf, true),
    itemTypes: typeList(field('itemTypes'), 'itemTypes', root, at, lineOf, true),
    notLoanable: typeList(field('notLoanable'), 'notLoanable', root, at, lineOf, false),
    holdShelfDays: field('holdShelfDays')
      ? whole(field('holdShelfDays'), 'holdShelfDays', 1, MAX_HOLD_SHELF_DAYS, at)
      : DEFAULT_HOLD_SHELF_DAYS,
    closed: closedOf(field('closed'), at, lineOf),
    rules: rowsOf(field('rules'), root, at, lineOf),
  };
  if (problems.length > 0) throw loanRulesInvalid(file, problems);
  return result;
}

function typeList(
  node: Node | undefined,
  key: string,
  parent: Node,
  at: At,
  lineOf: LineOf,
  required: boolean,
): Lined<string>[] {
  if (node === undefined) {
    if (required) at(parent, `${key} is missing: list the types the rules may name`);
    return [];
  }
  if (!isSeq(node) || (required && node.items.length === 0)) {
    at(node, `${key} must be a list${required ? ' of at least one type' : ''}`);
    return [];
  }
  const out: Lined<string>[] = [];
  for (const item of node.items as Node[]) {
    const value = isScalar(item) && typeof item.value === 'string' ? item.value.trim().toLowerCase() : '';
    if (!TYPE_CODE.test(value))
      at(item, `${key}: "${scalarText(item)}" is not a type code (letters, digits, ".", "_", "-")`);
    else out.push({ value, line: lineOf(item) });
  }
  return out;
}

/** `closed: { weekdays, dates }` for every library, or `closed: { '*': {…}, MAIN: {…} }`. */
function closedOf(node: Node | undefined, at: At, lineOf: LineOf): LoanRulesFileClosed[] {
  if (node === undefined) return [];
  if (!isMap(node)) {
    at(node, 'closed must be a mapping: { weekdays, dates }, or one such per library');
    return [];
  }
  const keys = node.items.map((pair) => scalarText(pair.key as Node));
  if (keys.every((key) => CLOSED_KEYS.includes(key))) return [closedEntry('*', node, at, lineOf)];
  const seen = new Set<string>();
  const out: LoanRulesFileClosed[] = [];
  for (const pair of node.items) {
    const key = pair.key as Node;
    const raw = scalarText(key);
    const library = raw === '*' ? '*' : raw.toUpperCase();
    if (raw !== '*' && !LIBRARY_CODE.test(raw)) {
      at(key, `closed: "${raw}" is neither weekdays, dates, "*" nor a library code`);
      continue;
    }
    if (seen.has(library)) at(key, `closed: ${library} is listed twice (codes are compared upper-cased)`);
    seen.add(library);
    const value = pair.value as Node | null;
    if (!isMap(value)) at(value ?? key, `closed.${library} must be a mapping: { weekdays, dates }`);
    else out.push(closedEntry(library, value, at, lineOf));
  }
  return out;
}

function closedEntry(library: string, map: YAMLMap, at: At, lineOf: LineOf): LoanRulesFileClosed {
  const where = library === '*' ? 'closed' : `closed.${library}`;
  checkKeys(map, CLOSED_KEYS, at, where);
  const list = (key: string): Lined<string>[] => {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return [];
    if (!isSeq(node)) {
      at(node, `${where}.${key} must be a list`);
      return [];
    }
    // Weekday names in any case; dates as written (the domain checks they are real days).
    const text = (item: Node): string =>
      key === 'weekdays' ? scalarText(item).trim().toLowerCase() : scalarText(item).trim();
    return (node.items as Node[]).map((item) => ({ value: text(item), line: lineOf(item) }));
  };
  return { library, weekdays: list('weekdays'), dates: list('dates'), line: lineOf(map) };
}

function text1(node: Node, key: string, at: At): string {
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value.trim();
  at(node, `${key} must be text`);
  return 'UTC';
}

/** The parser's message without the position it repeats; a bare `*` (a YAML alias) explained. */
function parserSays(message: string): string {
  const said = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return /^Alias/.test(said) ? `${said} (write "any" as '*', in quotes)` : said;
}

/** `loan rules <file> line N: …; line M: …`, in line order: the refusal `stacks serve` stops with. */
export function loanRulesInvalid(file: string, problems: string[]): AppError {
  const lineOf = (problem: string): number => Number(/^line (\d+)/.exec(problem)?.[1] ?? 0);
  const ordered = [...problems].sort((a, b) => lineOf(a) - lineOf(b));
  return new AppError('loan_rules_invalid', `loan rules ${file} ${ordered.join('; ')}`, {
    file,
    problems: ordered,
  });
}
