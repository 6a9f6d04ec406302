import { circulationHarness } from '../../support/circulation-harness';
import { describeRecoveryCases } from '../../support/circulation-recovery.cases';

describe('circulation recovery [memory items, SQLite patrons and circulation, step by step]', () => {
  describeRecoveryCases(async () => circulationHarness());
});
