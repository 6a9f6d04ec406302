import type { ItemCallNumberScheme, ItemSource } from '../../domain/items/item';
import { isCirculationStatus, isItemStatus, type ItemStatus } from '../../domain/items/item-status';
import { AppError } from '../../errors/app-error';
import {
  HOLDINGS_ROLES,
  type HoldingsFieldKind,
  type HoldingsProfile,
  type HoldingsRole,
  type SchemeRule,
} from './holdings-profile';
import { locationPart } from './location-code';

/** A holdings field rule checked and made ready: look-ups by tag and role, values folded once. */
export interface CompiledFieldRule {
  readonly label: string;
  readonly tag: string;
  readonly kind: HoldingsFieldKind;
  /** For `item` rules; holdings and their items say `852` (or `mfhd` in a holdings record). */
  readonly source: ItemSource;
  readonly roles: ReadonlyMap<HoldingsRole, string>;
  readonly scheme: SchemeRule;
  readonly statusValues: ReadonlyMap<string, ItemStatus>;
  readonly lostValues: ReadonlyMap<string, ItemStatus>;
  readonly notForLoanValues: ReadonlySet<string>;
}

export interface CompiledHoldings {
  readonly library: string;
  readonly shelf: string;
  readonly itemType: string;
  readonly byTag: ReadonlyMap<string, CompiledFieldRule>;
}

/** The documented defaults: a field that names no library or shelf stands in `MAIN/STACKS`. */
export const DEFAULT_LIBRARY = 'MAIN';
export const DEFAULT_SHELF = 'STACKS';
export const DEFAULT_ITEM_TYPE = 'book';

const KINDS: readonly HoldingsFieldKind[] = ['holding', 'item', 'holdingItem'];
const SCHEMES: readonly string[] = ['lc', 'dewey', 'other'];
const SOURCES: readonly string[] = ['852', '952', '949'];

/**
 * Checks a profile's holdings section and compiles it, or fails with `mapping_bad_rule` naming the
 * profile and the rule (`profile "local", holdings rule "949 (vendor)": unknown role "barcod"`).
 */
export function compileHoldings(profileName: string, holdings: HoldingsProfile): CompiledHoldings {
  const fail = (label: string, reason: string): never => {
    throw new AppError('mapping_bad_rule', `profile "${profileName}", holdings rule "${label}": ${reason}`, {
      profile: profileName,
      rule: label,
    });
  };
  if (typeof holdings !== 'object' || holdings === null || !Array.isArray(holdings.fields))
    fail('holdings', '"holdings" must be an object with a "fields" list');
  const defaults = (holdings.defaults ?? {}) as Record<string, unknown>;
  const byTag = new Map<string, CompiledFieldRule>();
  holdings.fields.forEach((raw, index) => {
    const label = labelOf(raw, index);
    try {
      const rule = compileFieldRule(raw as unknown as Record<string, unknown>, label);
      if (byTag.has(rule.tag)) throw new Error(`a second rule for ${rule.tag}: one rule per tag`);
      byTag.set(rule.tag, rule);
    } catch (err) {
      fail(label, err instanceof Error ? err.message : String(err));
    }
  });
  return {
    library: defaultCode(defaults.library, DEFAULT_LIBRARY, (r) => fail('defaults', r)),
    shelf: defaultCode(defaults.shelf, DEFAULT_SHELF, (r) => fail('defaults', r)),
    itemType:
      typeof defaults.itemType === 'string' ? defaults.itemType.trim().toLowerCase() : DEFAULT_ITEM_TYPE,
    byTag,
  };
}

function labelOf(raw: unknown, index: number): string {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { name?: unknown; tag?: unknown };
  if (typeof r.name === 'string' && r.name.length > 0) return r.name;
  return `${typeof r.tag === 'string' ? r.tag : '?'} holdings #${index + 1}`;
}

function compileFieldRule(rule: Record<string, unknown>, label: string): CompiledFieldRule {
  if (typeof rule !== 'object' || rule === null) throw new Error('a rule must be an object');
  const { tag, kind, subfields } = rule;
  if (typeof tag !== 'string' || !/^[0-9A-Za-z]{3}$/.test(tag))
    throw new Error('"tag" must be three letters or digits');
  if (/^00/.test(tag)) throw new Error(`${tag} is a control field: holdings come from data fields`);
  if (!KINDS.includes(kind as HoldingsFieldKind))
    throw new Error(`"kind" must be one of ${KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  return {
    label,
    tag,
    kind: kind as HoldingsFieldKind,
    source: sourceOf(rule, tag, kind as HoldingsFieldKind),
    roles: rolesOf(subfields),
    scheme: schemeOf(rule.scheme),
    statusValues: statusValuesOf(rule.statusValues, 'statusValues'),
    lostValues: statusValuesOf(rule.lostValues, 'lostValues'),
    notForLoanValues: new Set(stringList(rule.notForLoanValues, 'notForLoanValues').map(fold)),
  };
}

function sourceOf(rule: Record<string, unknown>, tag: string, kind: HoldingsFieldKind): ItemSource {
  if (kind !== 'item') return '852';
  const source = rule.source ?? tag;
  if (typeof source !== 'string' || !SOURCES.includes(source))
    throw new Error(`an item field other than 952 or 949 needs "source": one of ${SOURCES.join(', ')}`);
  return source as ItemSource;
}

function rolesOf(subfields: unknown): Map<HoldingsRole, string> {
  if (typeof subfields !== 'object' || subfields === null || Array.isArray(subfields))
    throw new Error('"subfields" must map roles to subfield codes, e.g. { "barcode": "p" }');
  const roles = new Map<HoldingsRole, string>();
  for (const [role, codes] of Object.entries(subfields)) {
    if (!(HOLDINGS_ROLES as readonly string[]).includes(role))
      throw new Error(`unknown role "${role}" (known: ${HOLDINGS_ROLES.join(', ')})`);
    if (typeof codes !== 'string' || !/^[0-9A-Za-z]+$/.test(codes))
      throw new Error(`role "${role}": subfield codes must be letters or digits, like "p" or "ba"`);
    roles.set(role as HoldingsRole, codes);
  }
  return roles;
}

function schemeOf(scheme: unknown): SchemeRule {
  if (scheme === undefined) return 'guess';
  if (typeof scheme === 'string') {
    if (scheme === 'guess' || SCHEMES.includes(scheme)) return scheme as SchemeRule;
    throw new Error(`"scheme" must be lc, dewey, other, guess or { from, values }, not "${scheme}"`);
  }
  const s = scheme as { from?: unknown; values?: unknown; otherwise?: unknown };
  if (s === null || typeof s !== 'object' || (s.from !== 'ind1' && s.from !== 'subfield'))
    throw new Error('"scheme.from" must be "ind1" or "subfield"');
  if (typeof s.values !== 'object' || s.values === null) throw new Error('"scheme.values" must be an object');
  const values: Record<string, ItemCallNumberScheme> = {};
  for (const [k, v] of Object.entries(s.values)) {
    if (typeof v !== 'string' || !SCHEMES.includes(v))
      throw new Error(`"scheme.values" maps to lc, dewey or other, not ${JSON.stringify(v)}`);
    values[fold(k)] = v as ItemCallNumberScheme;
  }
  const otherwise = s.otherwise ?? 'other';
  if (typeof otherwise !== 'string' || (otherwise !== 'guess' && !SCHEMES.includes(otherwise)))
    throw new Error('"scheme.otherwise" must be lc, dewey, other or guess');
  return { from: s.from, values, otherwise: otherwise as ItemCallNumberScheme | 'guess' };
}

function statusValuesOf(raw: unknown, name: string): Map<string, ItemStatus> {
  const out = new Map<string, ItemStatus>();
  if (raw === undefined) return out;
  if (typeof raw !== 'object' || raw === null) throw new Error(`"${name}" must be an object`);
  for (const [value, status] of Object.entries(raw)) {
    if (!isItemStatus(status)) throw new Error(`"${name}": ${JSON.stringify(status)} is not an item status`);
    // Circulation alone checks items out and traps them for holds (docs/items.md): a load cannot say so.
    if (isCirculationStatus(status)) throw new Error(`"${name}": a load cannot set ${status}`);
    out.set(fold(value), status);
  }
  return out;
}

function stringList(raw: unknown, name: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string'))
    throw new Error(`"${name}" must be a list of strings`);
  return raw as string[];
}

function defaultCode(raw: unknown, fallback: string, fail: (reason: string) => never): string {
  if (raw === undefined) return fallback;
  const code = typeof raw === 'string' ? locationPart(raw) : undefined;
  return (
    code ||
    fail(`a default location code must be letters, digits, "-", "_" or ".", not ${JSON.stringify(raw)}`)
  );
}

export function fold(value: string): string {
  return value.trim().toLowerCase();
}
