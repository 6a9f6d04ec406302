import { existsSync } from 'node:fs';
import { openBackends, type OpenBackendsOptions } from '../backends/open-backends';
import type { Backends } from '../backends/backends';
import { loadConfig } from '../config';
import { AppError } from '../errors/app-error';

/**
 * Opens the catalog a read command works on, refusing to create an empty SQLite one by mistake
 * (a server's empty catalog is just empty).
 */
export async function openExistingCatalog(
  db: string | undefined,
  options: OpenBackendsOptions = {},
): Promise<Backends> {
  const config = loadConfig(process.env, db ? { dbPath: db } : {});
  const embedded = config.store === 'sqlite' || config.index === 'sqlite';
  if (embedded && !existsSync(config.dbPath)) {
    throw new AppError(
      'store_unavailable',
      `no catalog at ${config.dbPath}; load records with \`stacks ingest FILE --db ${config.dbPath}\``,
    );
  }
  return openBackends(config, options);
}

export function intFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('invalid_config', `--${name} "${value}" is not a whole number from ${min} to ${max}`);
  }
  return n;
}
