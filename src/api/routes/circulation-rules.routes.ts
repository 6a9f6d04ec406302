import type { LoanPolicy } from '../../domain/circulation/loan-policy';
import type { RouteKit } from './route-kit';

/** The loan rules in force, as read and checked at start (docs/circulation.md, "Loan rules"): staff only. */
export function circulationRulesRoutes(kit: RouteKit, policy: LoanPolicy): void {
  const rules = policy.describe();
  kit.add('getCirculationRules', (_req, res) => {
    res.json(rules);
  });
}
