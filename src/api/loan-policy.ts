import path from 'node:path';
import { ROOT_DIR } from '../app-info';
import { readLoanRulesFile } from '../config/loan-rules.config';
import { createLoanPolicy } from '../domain/circulation/loan-rules';
import type { LoanPolicy } from '../domain/circulation/loan-policy';

/** The loan rules shipped with Stacks, used when STACKS_LOAN_RULES names none. */
export const BUNDLED_LOAN_RULES_FILE = path.join(ROOT_DIR, 'ingest', 'loan-rules.yaml');

/**
 * Reads the loan rules file and checks it (`loan_rules_invalid`, naming each line at fault):
 * its shape in config, its consistency in the domain. Unset, the shipped file, shown as `default`.
 */
export function openLoanPolicy(file?: string): LoanPolicy {
  return createLoanPolicy(readLoanRulesFile(file ?? BUNDLED_LOAN_RULES_FILE), file ?? 'default');
}
