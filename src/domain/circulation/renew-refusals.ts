import type { Item } from '../items/item';
import type { Patron } from '../patrons/patron';
import { patronRefusals, ruleOrRefusal } from './checkout-refusals';
import type { Hold } from './hold';
import { couldFill, isWaitingFor } from './hold-queue';
import type { Loan } from './loan';
import type { LoanPolicy, LoanRule } from './loan-policy';
import { refusal, type Refusal } from './refusal';

export interface RenewInput {
  patron: Pick<Patron, 'id' | 'patronType' | 'expiry' | 'block' | 'anonymisedAt'>;
  item: Pick<Item, 'barcode' | 'itemType'>;
  loan: Pick<Loan, 'renewals' | 'library' | 'dueAt'>;
  /** `YYYY-MM-DD` in the rules' time zone. */
  today: string;
  /** The record's active holds in queue order, patrons who may not borrow left out. */
  holds: readonly Hold[];
  policy: LoanPolicy;
}

/**
 * Every reason the loan cannot be renewed now: the patron blocked or expired, the rule's renewals
 * used up, or another patron waiting for this copy (a waiting hold on its record, which this copy
 * could fill, or on this item). The rule is the one in force now for the patron's type, the
 * item's type and the lending library, not the one the loan was made under.
 */
export function renewRefusals(input: RenewInput): Refusal[] {
  const { patron, item, loan, policy } = input;
  const found = patronRefusals(patron, input.today);
  const rule = ruleOrRefusal(policy, patron.patronType, item.itemType, loan.library, found);
  if (rule && loan.renewals >= rule.renewals) {
    found.push(
      refusal(
        'renewal_limit',
        `the loan of ${item.barcode} was renewed ${loan.renewals} times; the rules allow ${rule.renewals} (loan rules line ${rule.line ?? '?'})`,
        { barcode: item.barcode, renewals: loan.renewals, limit: rule.renewals },
      ),
    );
  }
  const waiting = input.holds.find(
    (h) => isWaitingFor(h, input.today) && couldFill(h, item.barcode) && h.patronId !== patron.id,
  );
  if (waiting)
    found.push(
      refusal('item_on_hold', `another patron waits for ${item.barcode} (hold ${waiting.id})`, {
        barcode: item.barcode,
        holdId: waiting.id,
      }),
    );
  return found;
}

/**
 * The renewed loan's due instant: a whole new period counted from `now` (the renewal), not from
 * the old due date, so a loan renewed late is not due at once; never earlier than the old due date,
 * so a renewal cannot shorten a loan when the rules changed. `loan_rule_missing` when no rule
 * covers it (renewRefusals has said so first).
 */
export function renewedDueAt(
  input: Pick<RenewInput, 'patron' | 'item' | 'loan' | 'policy'>,
  now: string,
  rule: LoanRule = input.policy.ruleFor(input.patron.patronType, input.item.itemType, input.loan.library),
): string {
  const due = input.policy.dueDate(now, rule.period, input.loan.library);
  return Date.parse(due) < Date.parse(input.loan.dueAt) ? input.loan.dueAt : due;
}
