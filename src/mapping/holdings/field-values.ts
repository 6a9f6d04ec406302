import { itemCallNumber } from '../../domain/items/item-call-number';
import type { ItemCallNumber, ItemCallNumberScheme } from '../../domain/items/item';
import type { ItemStatus } from '../../domain/items/item-status';
import type { DataField } from '../../marc/record';
import { looksLikeDewey, looksLikeLc } from '../../domain/shelf-key';
import type { CompiledFieldRule } from './compile-holdings';
import type { HoldingsRole } from './holdings-profile';

/** The role's value: the first of its subfield codes present with text (`ba`: $b, else $a). */
export function one(field: DataField, rule: CompiledFieldRule, role: HoldingsRole): string | undefined {
  const codes = rule.roles.get(role);
  if (!codes) return undefined;
  for (const code of codes)
    for (const sf of field.subfields) {
      if (sf.code !== code) continue;
      const v = sf.value.trim();
      if (v !== '') return v;
    }
  return undefined;
}

/** Every value of the role's subfield codes, in field order (notes, call-number parts). */
export function many(field: DataField, rule: CompiledFieldRule, role: HoldingsRole): string[] {
  const codes = rule.roles.get(role);
  if (!codes) return [];
  const out: string[] = [];
  for (const sf of field.subfields) {
    if (!codes.includes(sf.code)) continue;
    const v = sf.value.trim();
    if (v !== '') out.push(v);
  }
  return out;
}

/**
 * The call number a field gives: classification and item part (852 $h $i) joined as printed, with
 * prefix, volume and copy; undefined when there is no classification part.
 */
export function callNumberOf(field: DataField, rule: CompiledFieldRule): ItemCallNumber | undefined {
  const value = [...many(field, rule, 'callNumber'), ...many(field, rule, 'itemPart')].join(' ');
  if (value === '') return undefined;
  return itemCallNumber({
    value,
    scheme: schemeOf(field, rule, value),
    prefix: many(field, rule, 'prefix').join(' '),
    volume: many(field, rule, 'volume').join(' '),
    copy: one(field, rule, 'copy'),
  });
}

/** The holding's call number for one of its items, with that item's own copy or volume. */
export function withParts(
  call: ItemCallNumber,
  parts: { copy?: string | undefined; volume?: string | undefined },
): ItemCallNumber {
  return itemCallNumber({ ...call, copy: parts.copy ?? call.copy, volume: parts.volume ?? call.volume });
}

function schemeOf(field: DataField, rule: CompiledFieldRule, value: string): ItemCallNumberScheme {
  const scheme = rule.scheme;
  if (scheme === 'guess') return guess(value);
  if (typeof scheme === 'string') return scheme;
  const key = scheme.from === 'ind1' ? field.ind1 : one(field, rule, 'scheme');
  const found = key === undefined ? undefined : scheme.values[key.trim().toLowerCase()];
  if (found) return found;
  return scheme.otherwise === 'guess' || scheme.otherwise === undefined ? guess(value) : scheme.otherwise;
}

function guess(value: string): ItemCallNumberScheme {
  if (looksLikeLc(value)) return 'lc';
  if (looksLikeDewey(value)) return 'dewey';
  return 'other';
}

export interface LoadedStatus {
  status: ItemStatus;
  reason?: string;
  /** A status value the profile does not know (the item loads as available). */
  unknown?: string;
}

/**
 * The status a field gives its item, strongest first: withdrawn, lost (or what `lostValues` says the
 * value means), damaged (→ in-repair), then
 * the status subfield through `statusValues`. Undefined: available. A flag is set when its
 * subfield holds anything but `0` (Koha writes 0 for "no").
 */
export function itemStatusOf(field: DataField, rule: CompiledFieldRule): LoadedStatus | undefined {
  const flags: [HoldingsRole, ItemStatus][] = [
    ['withdrawn', 'withdrawn'],
    ['lost', 'lost'],
    ['damaged', 'in-repair'],
  ];
  for (const [role, flagged] of flags) {
    const v = one(field, rule, role);
    if (v === undefined || v === '0') continue;
    const status = (role === 'lost' && rule.lostValues.get(v.toLowerCase())) || flagged;
    return { status, reason: `${role} in the holdings (${field.tag} $${codeOf(field, rule, role)} ${v})` };
  }
  const value = one(field, rule, 'status');
  if (value === undefined) return undefined;
  const status = rule.statusValues.get(value.toLowerCase());
  if (status)
    return status === 'withdrawn' ? { status, reason: `withdrawn in the holdings (${value})` } : { status };
  return { status: 'available', unknown: value };
}

function codeOf(field: DataField, rule: CompiledFieldRule, role: HoldingsRole): string {
  const codes = rule.roles.get(role) ?? '';
  return [...codes].find((c) => field.subfields.some((s) => s.code === c && s.value.trim() !== '')) ?? '';
}
