import { AppError } from '../../errors/app-error';
import { isDay, isTimeZone, WEEKDAYS } from './calendar';
import type { LoanRulesData, Lined, RuleData } from './loan-rules-data';

/**
 * Whether the rules agree with themselves, asked once at start so the desk never meets a rule
 * that cannot be applied: types declared before use, one row per (patron type, item type,
 * library), no rule for a type that never circulates, real days, a week with an open day.
 * Throws `loan_rules_invalid` naming every line at fault.
 */
export function checkLoanRules(data: LoanRulesData): void {
  const problems: string[] = [];
  const at = (line: number, message: string): void => {
    problems.push(`line ${line}: ${message}`);
  };
  if (!isTimeZone(data.timezone.value))
    at(data.timezone.line, `timezone "${data.timezone.value}" is not an IANA time zone (e.g. Europe/Paris)`);
  const patronTypes = declared(data.patronTypes, 'patronTypes', at);
  const itemTypes = declared(data.itemTypes, 'itemTypes', at);
  const notLoanable = declared(data.notLoanable, 'notLoanable', at);
  for (const type of data.notLoanable)
    if (!itemTypes.has(type.value))
      at(type.line, `notLoanable names item type "${type.value}", which itemTypes does not declare`);
  checkRows(data.rules, { patronTypes, itemTypes, notLoanable }, at);
  checkClosed(data, at);
  if (problems.length > 0) {
    problems.sort((a, b) => lineOf(a) - lineOf(b));
    throw new AppError('loan_rules_invalid', `loan rules ${data.file} ${problems.join('; ')}`, {
      file: data.file,
      problems,
    });
  }
}

type At = (line: number, message: string) => void;

function declared(list: Lined<string>[], key: string, at: At): Set<string> {
  const seen = new Map<string, number>();
  for (const { value, line } of list) {
    const first = seen.get(value);
    if (first !== undefined) at(line, `${key} lists "${value}" twice (first on line ${first})`);
    else seen.set(value, line);
  }
  return new Set(seen.keys());
}

function checkRows(
  rows: RuleData[],
  types: { patronTypes: Set<string>; itemTypes: Set<string>; notLoanable: Set<string> },
  at: At,
): void {
  const byKey = new Map<string, number>();
  for (const row of rows) {
    if (row.patronType !== '*' && !types.patronTypes.has(row.patronType))
      at(row.line, `patron type "${row.patronType}" is not declared in patronTypes`);
    if (row.itemType !== '*' && !types.itemTypes.has(row.itemType))
      at(row.line, `item type "${row.itemType}" is not declared in itemTypes`);
    if (types.notLoanable.has(row.itemType))
      at(row.line, `item type "${row.itemType}" is notLoanable, so a loan rule for it contradicts that`);
    const key = `${row.patronType} × ${row.itemType} × ${row.library}`;
    const first = byKey.get(key);
    if (first !== undefined)
      at(row.line, `a second rule for ${key}; line ${first} already gives it (remove one of the two)`);
    else byKey.set(key, row.line);
  }
}

function checkClosed(data: LoanRulesData, at: At): void {
  const everywhere = new Set(data.closed.find((c) => c.library === '*')?.weekdays.map((w) => w.value));
  for (const entry of data.closed) {
    for (const { value, line } of entry.weekdays)
      if (!(WEEKDAYS as readonly string[]).includes(value))
        at(line, `closed weekday "${value}" is not one of ${WEEKDAYS.join(', ')}`);
    for (const { value, line } of entry.dates)
      if (!isDay(value)) at(line, `closed date "${value}" is not a real YYYY-MM-DD date`);
    // A library's days add to every library's: the week must keep an open day all the same.
    const closed = new Set([...everywhere, ...entry.weekdays.map((w) => w.value)]);
    if (WEEKDAYS.every((day) => closed.has(day))) {
      const who = entry.library === '*' ? 'every library' : entry.library;
      at(entry.line, `${who} would be closed every day of the week: no due date could ever fall`);
    }
  }
}

function lineOf(problem: string): number {
  return Number(/^line (\d+)/.exec(problem)?.[1] ?? 0);
}
