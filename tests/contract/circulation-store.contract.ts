import { describeEventsContract } from './circulation-store-events.contract';
import { describeHoldsContract } from './circulation-store-holds.contract';
import { describeClosedLoansContract } from './circulation-store-loans.contract';
import { describeIntentsContract, describeUnlinkContract } from './circulation-store-privacy.contract';
import type { MakeCirculationStore } from './circulation-store.fixtures';

export type { CirculationStoreHarness, MakeCirculationStore } from './circulation-store.fixtures';

/**
 * The behaviour every CirculationStore adapter must have, tested through the port only: SQLite
 * always, MongoDB (FerretDB) where its server runs. `make` hands each test a store on empty tables.
 */
export function describeCirculationStoreContract(name: string, make: MakeCirculationStore): void {
  describe(`CirculationStore contract: ${name}`, () => {
    describeClosedLoansContract(make);
    describeHoldsContract(make);
    describeEventsContract(make);
    describeUnlinkContract(make);
    describeIntentsContract(make);
  });
}
