import type { Holding, ItemLocation, ItemSource, NewItem } from '../../domain/items/item';
import type { MarcRecord } from '../../marc/record';
import { isDataField, type DataField } from '../../marc/record';
import type { CompiledFieldRule, CompiledHoldings } from './compile-holdings';
import { callNumberOf, itemStatusOf, many, one, withParts, type LoadedStatus } from './field-values';
import { locationPart } from './location-code';

/** A holding as a record gives it: the store stamps `updatedAt` when it is written. */
export type ExtractedHolding = Omit<Holding, 'updatedAt'>;

/**
 * The codes of problems with holdings and items, here and in the ingest (a duplicate barcode, a
 * delete refused or a withdrawal skipped while an item is checked out): what the CLI shows a
 * cataloger as they come, unlike the reader's repairs, which it only counts.
 */
export const HOLDINGS_PROBLEM_CODES: readonly string[] = [
  'holding_without_barcode',
  'item_without_barcode',
  'item_unknown_status',
  'holding_item_unlinked',
  'item_barcode_duplicate',
  'item_checked_out',
  'item_in_circulation',
];

/** Something in the holdings fields a cataloger should know of; the record itself loads. */
export interface HoldingsProblem {
  /** `holding_without_barcode`, `item_without_barcode`, `item_unknown_status`, `holding_item_unlinked`. */
  code: string;
  /** Names the field and its position: `852 #2 (MAIN/STACKS QA76 .J38): no barcode ($p) …`. */
  message: string;
}

export interface HoldingsExtract {
  holdings: ExtractedHolding[];
  items: NewItem[];
  problems: HoldingsProblem[];
}

/** How the holdings of one record are named: an embedded 852 or a holdings record (MFHD). */
export interface HoldingsOwner {
  /** The bibliographic record, when known; an MFHD's items wait with `''` until it is linked. */
  recordId: string;
  /** `<recordId>#852-` for embedded fields, `mfhd:<001>` for a holdings record. */
  holdingIdBase: string;
  /** `852` (embedded) or `mfhd`. */
  holdingSource: ItemSource;
  linksTo?: string;
}

/** A holding being filled: its items from `holdingItem` fields (876–878) come after it. */
interface OpenHolding {
  holding: ExtractedHolding;
  rule: CompiledFieldRule;
  field: DataField;
  position: number;
  link?: string;
  items: number;
}

/**
 * Holdings and items of one record by the compiled rules, in record order: pure, so it runs in the
 * ingest's worker thread beside the mapping. A record without holdings fields gives nothing.
 */
export function extractHoldings(
  rules: CompiledHoldings,
  record: MarcRecord,
  owner: HoldingsOwner,
): HoldingsExtract {
  const out: HoldingsExtract = { holdings: [], items: [], problems: [] };
  const open: OpenHolding[] = [];
  const seen = new Map<string, number>();
  for (const field of record.fields) {
    if (!isDataField(field)) continue;
    const rule = rules.byTag.get(field.tag);
    if (!rule) continue;
    const position = (seen.get(field.tag) ?? 0) + 1;
    seen.set(field.tag, position);
    if (rule.kind === 'holding') open.push(openHolding(rules, rule, field, position, owner, out));
    else if (rule.kind === 'item') standaloneItem(rules, rule, field, position, owner, out);
    else holdingItem(rules, rule, field, position, open, owner, out);
  }
  for (const h of open) if (h.items === 0) withoutItems(h, out);
  return out;
}

function openHolding(
  rules: CompiledHoldings,
  rule: CompiledFieldRule,
  field: DataField,
  position: number,
  owner: HoldingsOwner,
  out: HoldingsExtract,
): OpenHolding {
  const n = out.holdings.length;
  // `mfhd:377291` for a holdings record's (first) 852, `(DLC)123#852-1` for a bib's first.
  const id =
    owner.holdingSource !== 'mfhd'
      ? `${owner.holdingIdBase}${n + 1}`
      : n === 0
        ? owner.holdingIdBase
        : `${owner.holdingIdBase}-${n + 1}`;
  const holding: ExtractedHolding = {
    id,
    location: locationOf(rules, rule, field),
    publicNotes: many(field, rule, 'publicNote'),
    staffNotes: many(field, rule, 'staffNote'),
    source: owner.holdingSource,
  };
  if (owner.recordId) holding.recordId = owner.recordId;
  if (owner.linksTo !== undefined) holding.linksTo = owner.linksTo;
  const callNumber = callNumberOf(field, rule);
  if (callNumber) holding.callNumber = callNumber;
  out.holdings.push(holding);
  const h: OpenHolding = { holding, rule, field, position, items: 0 };
  const link = linkOf(field);
  if (link !== undefined) h.link = link;
  // An 852 that carries its own barcode is also its one item.
  for (const barcode of barcodes(field, rule)) {
    out.items.push(itemOf(rules, rule, field, barcode, holding, owner, itemStatusOf(field, rule)));
    h.items++;
  }
  return h;
}

function standaloneItem(
  rules: CompiledHoldings,
  rule: CompiledFieldRule,
  field: DataField,
  position: number,
  owner: HoldingsOwner,
  out: HoldingsExtract,
): void {
  const barcode = barcodes(field, rule)[0];
  if (barcode === undefined) {
    out.problems.push({
      code: 'item_without_barcode',
      message: `${field.tag} #${position} has no barcode (${codesOf(rule, 'barcode')}): no item made from it`,
    });
    return;
  }
  const status = itemStatusOf(field, rule);
  const item = itemOf(rules, rule, field, barcode, undefined, owner, status);
  const callNumber = callNumberOf(field, rule);
  if (callNumber) item.callNumber = callNumber;
  problemOfStatus(status, field, position, out);
  out.items.push(item);
}

function holdingItem(
  rules: CompiledHoldings,
  rule: CompiledFieldRule,
  field: DataField,
  position: number,
  open: readonly OpenHolding[],
  owner: HoldingsOwner,
  out: HoldingsExtract,
): void {
  const link = linkOf(field);
  const h = (link !== undefined ? open.find((o) => o.link === link) : undefined) ?? open[open.length - 1];
  if (!h) {
    out.problems.push({
      code: 'holding_item_unlinked',
      message: `${field.tag} #${position} belongs to no 852 (none before it${link ? ` or linked by $8 ${link}` : ''}): no item made from it`,
    });
    return;
  }
  h.items++;
  const barcode = barcodes(field, rule)[0];
  if (barcode === undefined) {
    out.problems.push({
      code: 'item_without_barcode',
      message: `${field.tag} #${position} (of 852 #${h.position}) has no barcode (${codesOf(rule, 'barcode')}): no item made from it`,
    });
    return;
  }
  const status = itemStatusOf(field, rule);
  const item = itemOf(rules, rule, field, barcode, h.holding, owner, status);
  problemOfStatus(status, field, position, out);
  out.items.push(item);
}

function itemOf(
  rules: CompiledHoldings,
  rule: CompiledFieldRule,
  field: DataField,
  barcode: string,
  holding: ExtractedHolding | undefined,
  owner: HoldingsOwner,
  status: LoadedStatus | undefined,
): NewItem {
  const item: NewItem = {
    barcode,
    recordId: owner.recordId,
    location: holding?.location ?? locationOf(rules, rule, field),
    itemType: one(field, rule, 'itemType')?.toLowerCase() ?? rules.itemType,
    notForLoan: notForLoan(field, rule),
    publicNotes: holding
      ? [...holding.publicNotes, ...own(field, rule, 'publicNote')]
      : many(field, rule, 'publicNote'),
    staffNotes: holding
      ? [...holding.staffNotes, ...own(field, rule, 'staffNote')]
      : many(field, rule, 'staffNote'),
    source: holding ? owner.holdingSource : rule.source,
  };
  if (holding) {
    item.holdingId = holding.id;
    // The item's own copy and volume (852 $t, 876 $t / $3) on the holding's call number.
    const copy = one(field, rule, 'copy');
    const volume = one(field, rule, 'volume');
    const call = holding.callNumber;
    if (call) item.callNumber = copy || volume ? withParts(call, { copy, volume }) : call;
  }
  if (status) {
    item.status = status.status;
    if (status.reason) item.statusReason = status.reason;
  }
  return item;
}

/** An 852's own notes are already the holding's; a 876's are its own. */
function own(field: DataField, rule: CompiledFieldRule, role: 'publicNote' | 'staffNote'): string[] {
  return rule.kind === 'holding' ? [] : many(field, rule, role);
}

function withoutItems(h: OpenHolding, out: HoldingsExtract): void {
  const where = `${h.holding.location.library}/${h.holding.location.shelf}${h.holding.callNumber ? ` ${h.holding.callNumber.value}` : ''}`;
  out.problems.push({
    code: 'holding_without_barcode',
    message: `${h.field.tag} #${h.position} (${where}) has no barcode (${codesOf(h.rule, 'barcode')}): kept as a holding without items`,
  });
}

function problemOfStatus(
  status: LoadedStatus | undefined,
  field: DataField,
  position: number,
  out: HoldingsExtract,
): void {
  if (status?.unknown === undefined) return;
  out.problems.push({
    code: 'item_unknown_status',
    message: `${field.tag} #${position}: status "${status.unknown}" is not in the profile's statusValues: loaded as available`,
  });
}

function locationOf(rules: CompiledHoldings, rule: CompiledFieldRule, field: DataField): ItemLocation {
  const library = one(field, rule, 'library');
  const shelf = one(field, rule, 'shelf');
  return {
    library: (library && locationPart(library)) || rules.library,
    shelf: (shelf && locationPart(shelf)) || rules.shelf,
  };
}

function barcodes(field: DataField, rule: CompiledFieldRule): string[] {
  const codes = rule.roles.get('barcode');
  if (!codes) return [];
  // The first listed code present gives the barcodes (`pa`: $p, else the item id $a).
  for (const code of codes) {
    const values = field.subfields.filter((s) => s.code === code).map((s) => s.value.trim());
    const present = values.filter((v) => v !== '');
    if (present.length > 0) return rule.kind === 'holding' ? present : present.slice(0, 1);
  }
  return [];
}

function notForLoan(field: DataField, rule: CompiledFieldRule): boolean {
  const flag = one(field, rule, 'notForLoan');
  if (flag !== undefined && flag !== '0') return true;
  const restriction = one(field, rule, 'useRestriction');
  return restriction !== undefined && rule.notForLoanValues.has(restriction.toLowerCase());
}

/** `$8 1.2` links to the 852 whose `$8` starts `1`: the link number, before the sequence. */
function linkOf(field: DataField): string | undefined {
  const value = field.subfields.find((s) => s.code === '8')?.value.trim();
  return value ? value.split(/[.\\]/)[0] : undefined;
}

function codesOf(rule: CompiledFieldRule, role: 'barcode'): string {
  const codes = rule.roles.get(role);
  return codes ? [...codes].map((c) => `$${c}`).join(' or ') : 'none mapped';
}
