import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultProfile } from '../../ingest/profile/default.profile';
import { AppError } from '../errors/app-error';
import { createMapper, type Mapper } from '../mapping/mapper';
import type { HoldingsProfile } from '../mapping/holdings/holdings-profile';
import type { MappingProfile, MappingRule } from '../mapping/profile';

/**
 * Reads a mapping profile from a file (`--profile`, STACKS_PROFILE) and compiles it at once, so a
 * bad rule stops the command before any record is read, naming the rule and the file. A profile is
 * JSON, or a JavaScript module exporting `profile` (or a default export) of the same shape; with
 * `"extends": "default"` its rules follow the bundled default's, so a local profile only lists
 * what it adds. Without a file, the bundled default.
 */
export function loadMapper(file?: string): Mapper {
  if (file === undefined) return createMapper(defaultProfile);
  const profile = loadProfile(file);
  try {
    return createMapper(profile);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError(err.code, `${file}: ${err.message}`, { ...err.details, file });
  }
}

/** The profile in `file` as plain data (which a worker thread can be sent), its shape checked. */
export function loadProfile(file: string): MappingProfile {
  const raw = readProfileFile(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badProfile(file, 'a profile must be an object with "name" and "rules"');
  const { name, rules, extends: base, holdings } = raw as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '')
    throw badProfile(file, '"name" must be a non-empty string');
  if (!Array.isArray(rules)) throw badProfile(file, '"rules" must be a list of rules');
  if (base !== undefined && base !== 'default')
    throw badProfile(file, `"extends" may only be "default", not ${JSON.stringify(base)}`);
  if (
    holdings !== undefined &&
    (typeof holdings !== 'object' || holdings === null || Array.isArray(holdings))
  )
    throw badProfile(file, '"holdings" must be an object with "fields" (and optionally "defaults")');
  const own = rules as MappingRule[];
  const ownHoldings = holdings as HoldingsProfile | undefined;
  if (base !== 'default') return { name, rules: own, ...(ownHoldings && { holdings: ownHoldings }) };
  const merged = mergeHoldings(defaultProfile.holdings, ownHoldings);
  return { name, rules: [...defaultProfile.rules, ...own], ...(merged && { holdings: merged }) };
}

/**
 * A profile extending the default replaces the default's rule for each tag it gives a rule for
 * (a vendor's own 949) and keeps the others; its defaults override the default's one by one.
 * Shapes are checked when the mapper compiles them, naming the rule.
 */
function mergeHoldings(base?: HoldingsProfile, own?: HoldingsProfile): HoldingsProfile | undefined {
  if (!own) return base;
  if (!base || !Array.isArray(own.fields)) return own;
  const tags = new Set(own.fields.map((f) => f.tag));
  return {
    defaults: { ...base.defaults, ...own.defaults },
    fields: [...base.fields.filter((f) => !tags.has(f.tag)), ...own.fields],
  };
}

function readProfileFile(file: string): unknown {
  const full = path.resolve(file);
  if (/\.json$/i.test(file)) {
    const text = readText(file, full);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw badProfile(file, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!/\.(c?js)$/i.test(file)) throw badProfile(file, 'a profile file is .json, .js or .cjs');
  readText(file, full); // a missing module is reported like a missing JSON file
  const module = require(full) as { profile?: unknown; default?: unknown };
  return module.profile ?? module.default;
}

function readText(file: string, full: string): string {
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new AppError('invalid_config', `cannot read profile ${file}: ${reason}`, { file });
  }
}

function badProfile(file: string, reason: string): AppError {
  return new AppError('mapping_bad_rule', `${file}: ${reason}`, { file });
}
