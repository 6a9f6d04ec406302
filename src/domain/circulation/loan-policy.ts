/**
 * The loan rules in force, as the circulation service asks them (docs/circulation.md, the rules
 * file). Built once at start from the rules file, which is refused there when it contradicts
 * itself or names unknown types, so every question here has an answer or a named refusal.
 */
export interface LoanPolicy {
  /**
   * The rule for this patron type, item type and library: the most specific row wins (library
   * over `*`, then item type, then patron type). `loan_rule_missing` (details: the three values)
   * when no row covers them: never a silent default.
   */
  ruleFor(patronType: string, itemType: string, library: string): LoanRule;
  /** Whether items of this type ever circulate (reference-only types do not). */
  isLoanableType(itemType: string): boolean;
  /**
   * The due instant for a loan of `period` made at `from` (ISO 8601): day loans are due at the end
   * of the library's day (in the rules' time zone), moved past closed days to the next open day;
   * hour loans at `from` + hours, moved to the end of the next open day when that falls on a closed day.
   */
  dueDate(from: string, period: LoanPeriod, library: string): string;
  /** How long a trapped item waits on the hold shelf: its last day, `YYYY-MM-DD`, from `today`. */
  holdShelfExpiry(today: string, library: string): string;
  /** The day (`YYYY-MM-DD`) an instant falls on in the rules' time zone. */
  dayOf(instant: string): string;
  /** The rules as data, for `GET /circulation/rules`. */
  describe(): LoanRulesView;
}

export type LoanPeriod = { days: number } | { hours: number };

export interface LoanRule {
  patronType: string;
  itemType: string;
  library: string;
  period: LoanPeriod;
  /** How many times a loan may be renewed. */
  renewals: number;
  /** Items of any type a patron of this type may have on loan at once. */
  maxItems: number;
  /** 1-based line of the rules file the row came from. */
  line?: number;
}

export interface LoanRulesView {
  timezone: string;
  patronTypes: string[];
  itemTypes: string[];
  notLoanableItemTypes: string[];
  holdShelfDays: number;
  /** Closed for every library; `libraries`: each one's own closed days, added to those. */
  closed: {
    weekdays: string[];
    dates: string[];
    libraries?: Record<string, { weekdays: string[]; dates: string[] }>;
  };
  rules: LoanRule[];
  /** Where the rules came from: a path, or `default`. */
  source: string;
}
