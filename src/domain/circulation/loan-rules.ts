import { AppError } from '../../errors/app-error';
import { addDays, dayIn, endOfDay } from './calendar';
import { ClosedDays } from './closed-days';
import { checkLoanRules } from './loan-rules-check';
import type { LoanRulesData, RuleData } from './loan-rules-data';
import type { LoanPeriod, LoanPolicy, LoanRule, LoanRulesView } from './loan-policy';

const HOUR_MS = 3_600_000;

/**
 * The LoanPolicy of a rules file (docs/circulation.md, "Loan rules"), checked first: a file that contradicts
 * itself is refused here, at start, with `loan_rules_invalid` naming its lines. `source` is what
 * `GET /circulation/rules` says the rules came from: the path, or `default` for the shipped file.
 */
export function createLoanPolicy(data: LoanRulesData, source: string = data.file): LoanPolicy {
  checkLoanRules(data);
  const zone = data.timezone.value;
  const closed = new ClosedDays(data.closed);
  const rules = data.rules.map(toRule);
  const notLoanable = new Set(data.notLoanable.map((t) => t.value));
  return {
    ruleFor: (patronType, itemType, library) => ruleFor(rules, patronType, itemType, library, source),
    isLoanableType: (itemType) => !notLoanable.has(itemType.toLowerCase()),
    dueDate(from, period, library) {
      const start = instantOf(from);
      if ('days' in period) {
        const day = closed.openOnOrAfter(library, addDays(dayIn(start, zone), period.days));
        return new Date(endOfDay(day, zone)).toISOString();
      }
      // A short loan is due by the clock, unless the library is shut that day: then when it next closes.
      const due = start + period.hours * HOUR_MS;
      const day = dayIn(due, zone);
      if (!closed.isClosed(library, day)) return new Date(due).toISOString();
      return new Date(endOfDay(closed.openOnOrAfter(library, day), zone)).toISOString();
    },
    holdShelfExpiry: (today, library) => closed.openOnOrAfter(library, addDays(today, data.holdShelfDays)),
    dayOf: (instant) => dayIn(instantOf(instant), zone),
    describe: () => view(data, rules, source),
  };
}

/**
 * The most specific row covering the three values wins. A row covers a value when it names it or
 * `*`; its specificity weighs an exact library 4, an exact item type 2, an exact patron type 1,
 * so library counts before item type, and item type before patron type, whatever the rest. No
 * two rows share a key (checked at start), so no two covering rows weigh the same.
 */
export function ruleFor(
  rules: readonly LoanRule[],
  patronType: string,
  itemType: string,
  library: string,
  source = 'the loan rules',
): LoanRule {
  const want = {
    patronType: patronType.toLowerCase(),
    itemType: itemType.toLowerCase(),
    library: library.toUpperCase(),
  };
  let best: LoanRule | undefined;
  let bestWeight = -1;
  for (const rule of rules) {
    const weight = specificity(rule, want);
    if (weight > bestWeight) [best, bestWeight] = [rule, weight];
  }
  if (best) return best;
  throw new AppError(
    'loan_rule_missing',
    `no loan rule covers patron type ${want.patronType}, item type ${want.itemType} at library ${want.library}: add a row (or a "*" row) to ${source}`,
    want,
  );
}

/** -1 when the rule does not cover the values. */
function specificity(rule: LoanRule, want: Pick<LoanRule, 'patronType' | 'itemType' | 'library'>): number {
  let weight = 0;
  for (const [key, value] of [
    ['library', 4],
    ['itemType', 2],
    ['patronType', 1],
  ] as const) {
    if (rule[key] === want[key]) weight += value;
    else if (rule[key] !== '*') return -1;
  }
  return weight;
}

function toRule(row: RuleData): LoanRule {
  const period: LoanPeriod = row.hours !== undefined ? { hours: row.hours } : { days: row.days ?? 0 };
  return {
    patronType: row.patronType,
    itemType: row.itemType,
    library: row.library,
    period,
    renewals: row.renewals,
    maxItems: row.maxItems,
    line: row.line,
  };
}

function view(data: LoanRulesData, rules: LoanRule[], source: string): LoanRulesView {
  const values = (list: { value: string }[]): string[] => list.map((x) => x.value);
  const everywhere = data.closed.find((c) => c.library === '*');
  const libraries = data.closed.filter((c) => c.library !== '*');
  return {
    timezone: data.timezone.value,
    patronTypes: values(data.patronTypes),
    itemTypes: values(data.itemTypes),
    notLoanableItemTypes: values(data.notLoanable),
    holdShelfDays: data.holdShelfDays,
    closed: {
      weekdays: values(everywhere?.weekdays ?? []),
      dates: values(everywhere?.dates ?? []),
      ...(libraries.length > 0 && {
        libraries: Object.fromEntries(
          libraries.map((c) => [c.library, { weekdays: values(c.weekdays), dates: values(c.dates) }]),
        ),
      }),
    },
    rules: rules.map((rule) => ({ ...rule, period: { ...rule.period } })),
    source,
  };
}

/** Instants come from our own clock and stored loans; a bad one is a bug, not a request error. */
function instantOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 instant: ${iso}`);
  return ms;
}
