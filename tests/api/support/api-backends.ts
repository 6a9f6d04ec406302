import type Database from 'better-sqlite3';
import type { Backends } from '../../../src/backends/backends';
import { openBackends, openLocalState, type BackendsConfig } from '../../../src/backends/open-backends';
import { scaleOutCatalog } from '../../support/scale-out';
import { describeWithServices } from '../../support/services';

/** An empty catalog behind the API, and the local SQLite state (keys, jobs) beside it. */
export interface Catalog {
  backends: Backends;
  db: Database.Database;
  close(): Promise<void>;
}

/** Where a suite's catalogs live: the embedded pair, or MongoDB + a search engine. */
export interface CatalogTarget {
  /** The SQLite pair: one transaction for store and index (docs/store.md, "Guarantees"). */
  embedded: boolean;
  /** A new, empty catalog; each one replaces the last (one at a time per suite). */
  open(): Promise<Catalog>;
}

const EMBEDDED: BackendsConfig = {
  dbPath: ':memory:',
  store: 'sqlite',
  index: 'sqlite',
  indexName: 'stacks',
};

async function openCatalog(config: BackendsConfig): Promise<Catalog> {
  const backends = await openBackends(config);
  const local = openLocalState(backends, ':memory:');
  return {
    backends,
    db: local.db,
    close: async () => {
      local.close();
      await backends.close();
    },
  };
}

/** The embedded pair alone, for suites about the HTTP layer that no backend changes. */
export const EMBEDDED_TARGET: CatalogTarget = { embedded: true, open: () => openCatalog(EMBEDDED) };

/**
 * Runs `fn` once on the embedded backends and once on MongoDB + the search engine when the test
 * servers run (skipped, and said so, when they do not). Both go through openBackends, as the
 * CLI does; the scale-out catalog is one database and one alias per suite, emptied between opens.
 */
export function describeApiBackends(fn: (target: CatalogTarget) => void): void {
  describe('embedded [sqlite]', () => fn(EMBEDDED_TARGET));
  describeWithServices('scale-out', (services) => {
    const catalog = scaleOutCatalog(services, 'api');
    afterAll(() => catalog.drop());
    fn({
      embedded: false,
      open: async () => {
        await catalog.clear();
        return openCatalog(catalog.config);
      },
    });
  });
}
