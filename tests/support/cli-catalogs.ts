import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Backends } from '../../src/backends/backends';
import { openBackends } from '../../src/backends/open-backends';
import { openSqliteBackends } from '../../src/backends/sqlite.backends';
import { scaleOutCatalog } from './scale-out';
import { describeWithServices } from './services';

/** A catalog the `stacks` command runs on: its environment, its flags, and a way to look inside. */
export interface CliCatalog {
  label: 'embedded' | 'pair';
  /** A fresh catalog for one test: the flags that name it (`--db FILE`, or none on the pair). */
  fresh(name: string): Promise<string[]>;
  env(): Record<string, string>;
  /** The backends of the catalog `fresh` made last, to check what the command did. */
  open(): Promise<Backends>;
  /** A directory of its own for the test's files. */
  dir: string;
}

/** Runs `fn` on the embedded catalog, and on MongoDB + the search engine where they run. */
export function describeCliCatalogs(title: string, fn: (catalog: CliCatalog) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'stacks-cli-'));
  describe(`${title}, on the embedded catalog`, () => {
    let current = '';
    fn({
      label: 'embedded',
      dir,
      fresh: async (name) => {
        current = path.join(dir, `${name}.db`);
        return ['--db', current];
      },
      env: () => ({}),
      open: async () => openSqliteBackends(current),
    });
  });
  describeWithServices(`${title}, on MongoDB + the search engine`, (services) => {
    const catalog = scaleOutCatalog(services, 'cli');
    afterAll(() => catalog.drop());
    fn({
      label: 'pair',
      dir,
      fresh: async () => {
        await catalog.clear();
        return [];
      },
      env: () => catalog.env,
      open: async () => openBackends(catalog.config),
    });
  });
}
