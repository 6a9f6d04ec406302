import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { checkKeys, LIBRARY_CODE, scalarText, TYPE_CODE, whole, type At, type LineOf } from './yaml-nodes';

/** One row of the loan rules file's `rules`, as written (docs/circulation.md, "Loan rules"). */
export interface LoanRulesFileRow {
  patronType: string;
  itemType: string;
  /** Upper case, or `*`. */
  library: string;
  days?: number;
  hours?: number;
  renewals: number;
  maxItems: number;
  line: number;
}

const ROW_KEYS = ['patronType', 'itemType', 'library', 'days', 'hours', 'renewals', 'maxItems'];
/** Upper bounds that catch a slipped digit, not policy: ten years, a year of hours. */
const LIMITS = { days: 3650, hours: 8760, renewals: 1000, maxItems: 100_000 };

/** `rules`: a list of rows; a row with a problem is named and left out. */
export function rowsOf(node: Node | undefined, parent: Node, at: At, lineOf: LineOf): LoanRulesFileRow[] {
  if (!isSeq(node) || node.items.length === 0) {
    at(node ?? parent, 'rules must be a list of at least one row');
    return [];
  }
  const rows: LoanRulesFileRow[] = [];
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      at(
        item,
        'a rule must be a mapping: { patronType, itemType, library?, days | hours, renewals, maxItems }',
      );
      continue;
    }
    const row = rowOf(item, at, lineOf(item));
    if (row) rows.push(row);
  }
  return rows;
}

function rowOf(map: YAMLMap, at: At, line: number): LoanRulesFileRow | undefined {
  let bad = false;
  const flag: At = (node, message) => {
    bad = true;
    at(node, message);
  };
  checkKeys(map, ROW_KEYS, flag, 'rule');
  const get = (key: string): Node | undefined => map.get(key, true) as Node | undefined;
  const code = (key: 'patronType' | 'itemType'): string => {
    const node = get(key);
    if (node === undefined) {
      flag(map, `rule: ${key} is missing (a type, or "*" for any)`);
      return '';
    }
    const value = isScalar(node) && typeof node.value === 'string' ? node.value.trim().toLowerCase() : '';
    if (value !== '*' && !TYPE_CODE.test(value))
      flag(node, `rule: ${key} "${scalarText(node)}" is not a type or "*"`);
    return value;
  };
  const row: LoanRulesFileRow = {
    patronType: code('patronType'),
    itemType: code('itemType'),
    library: libraryOf(get('library'), flag),
    renewals: required(get('renewals'), map, 'renewals', LIMITS.renewals, flag),
    maxItems: required(get('maxItems'), map, 'maxItems', LIMITS.maxItems, flag),
    line,
  };
  const days = get('days');
  const hours = get('hours');
  if (days !== undefined && hours !== undefined)
    flag(hours, 'rule: give days or hours, not both (hours are for short loans)');
  else if (days === undefined && hours === undefined)
    flag(map, 'rule: give the loan period as days or as hours');
  else if (days !== undefined) row.days = whole(days, 'rule: days', 1, LIMITS.days, flag);
  else row.hours = whole(hours, 'rule: hours', 1, LIMITS.hours, flag);
  return bad ? undefined : row;
}

function libraryOf(node: Node | undefined, at: At): string {
  if (node === undefined) return '*';
  const raw = scalarText(node);
  if (raw === '*') return '*';
  if (!LIBRARY_CODE.test(raw)) at(node, `rule: library "${raw}" is not a library code or "*"`);
  return raw.toUpperCase();
}

function required(node: Node | undefined, parent: Node, key: string, max: number, at: At): number {
  if (node === undefined) {
    at(parent, `rule: ${key} is missing`);
    return 0;
  }
  return whole(node, `rule: ${key}`, 0, max, at);
}
