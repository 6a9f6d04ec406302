import type { Config } from '../config';
import type { Backends } from './backends';
import { openSqliteBackends } from './sqlite.backends';

/** The backends the configuration names; the one place that knows which adapters exist. */
export function openBackends(config: Pick<Config, 'dbPath' | 'store' | 'index'>): Backends {
  return openSqliteBackends(config.dbPath);
}
