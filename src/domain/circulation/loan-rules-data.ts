/**
 * The loan rules file as plain data, the shape its parser (src/config/loan-rules.config.ts) gives
 * and createLoanPolicy takes; each entry keeps the 1-based line it came from, so a rule that
 * contradicts another is refused naming both lines (docs/circulation.md, "Loan rules").
 */
export interface LoanRulesData {
  /** The file's path, for messages. */
  file: string;
  /** An IANA zone: the library's days (due dates, closed days) are counted in it. */
  timezone: Lined<string>;
  patronTypes: Lined<string>[];
  itemTypes: Lined<string>[];
  /** Item types that never circulate. */
  notLoanable: Lined<string>[];
  holdShelfDays: number;
  /** Closed days for every library (`*`) and for one library, added to those. */
  closed: ClosedData[];
  rules: RuleData[];
}

export interface Lined<T> {
  value: T;
  line: number;
}

export interface ClosedData {
  /** Upper case, or `*`. */
  library: string;
  /** Lower-case English names: `sunday`. */
  weekdays: Lined<string>[];
  /** `YYYY-MM-DD`. */
  dates: Lined<string>[];
  line: number;
}

export interface RuleData {
  /** Lower case, or `*`. */
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
