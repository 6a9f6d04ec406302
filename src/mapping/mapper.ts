import type { CatalogDocument } from '../domain/catalog-document';
import { AppError } from '../errors/app-error';
import type { MarcRecord } from '../marc/record';
import { compileRule, type Step } from './compile-rule';
import { contentHashId } from './content-id';
import { emptyDocument } from '../domain/catalog-document';
import { createHoldingsExtractor, type HoldingsExtractor } from './holdings/holdings-extractor';
import type { MappingProfile } from './profile';
import { RecordView } from './record-view';

/**
 * What ingest, the records service and jobs take to turn a record into its document: a Mapper,
 * or a caller's own function. Here, the lowest layer all of them may import.
 */
export type MapRecord = (record: MarcRecord) => CatalogDocument;

/**
 * Compiles a mapping profile once; `map` then turns each record into a CatalogDocument. A bad
 * profile fails here, naming the rule (`mapping_bad_rule`); a rule that throws on a record fails
 * that record only (`mapping_failed`), naming the rule and the record.
 */
export interface Mapper {
  /** The mapper is also the map function itself, for pipelines that take `(record) => document`. */
  (record: MarcRecord): CatalogDocument;
  readonly profileName: string;
  /** The rules it was compiled from: data, so another thread can compile the same mapper. */
  readonly profile: MappingProfile;
  map(record: MarcRecord): CatalogDocument;
  /** The profile's holdings rules, compiled; absent when it has none (records then get no items). */
  readonly holdings?: HoldingsExtractor;
}

interface NamedStep {
  label: string;
  run: Step;
}

export function createMapper(profile: MappingProfile): Mapper {
  const profileName = typeof profile?.name === 'string' ? profile.name : '(unnamed)';
  if (!profile || !Array.isArray(profile.rules)) {
    throw new AppError('mapping_bad_rule', `profile "${profileName}" has no rules list`, {
      profile: profileName,
    });
  }
  const steps = profile.rules.map((rule, index) => compileNamed(profileName, rule, index));
  const holdings = profile.holdings && createHoldingsExtractor(profileName, profile.holdings);
  const map = (record: MarcRecord): CatalogDocument => mapRecord(steps, record);
  return Object.assign(map, { profileName, profile, map }, holdings && { holdings });
}

function compileNamed(profileName: string, rule: unknown, index: number): NamedStep {
  const label = ruleLabel(rule, index);
  try {
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
      throw new Error('a rule must be an object');
    return { label, run: compileRule(rule as Record<string, unknown>) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('mapping_bad_rule', `profile "${profileName}", rule "${label}": ${reason}`, {
      profile: profileName,
      rule: label,
    });
  }
}

/** The rule's own name, else "<field> #<position from 1>". */
function ruleLabel(rule: unknown, index: number): string {
  const r = (typeof rule === 'object' && rule !== null ? rule : {}) as { name?: unknown; to?: unknown };
  if (typeof r.name === 'string' && r.name.length > 0) return r.name;
  return `${typeof r.to === 'string' ? r.to : '?'} #${index + 1}`;
}

function mapRecord(steps: readonly NamedStep[], record: MarcRecord): CatalogDocument {
  const view = new RecordView(record);
  const doc = emptyDocument();
  doc.recordType = '';
  doc.bibLevel = '';
  let at = 0;
  try {
    for (; at < steps.length; at++) (steps[at] as NamedStep).run(view, doc);
  } catch (err) {
    const label = steps[at]?.label ?? '?';
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'mapping_failed',
      `record ${doc.id || '(no id yet)'}: rule "${label}" failed: ${reason}`,
      {
        rule: label,
        id: doc.id,
      },
    );
  }
  if (!doc.id) doc.id = contentHashId(record);
  if (!doc.recordType) doc.recordType = view.leaderAt(6);
  if (!doc.bibLevel) doc.bibLevel = view.leaderAt(7);
  return doc;
}

/** The holdings rules a mapping function carries: a Mapper's, or none for a caller's own function. */
export function holdingsOf(map: MapRecord): HoldingsExtractor | undefined {
  return (map as Partial<Mapper>).holdings;
}

/**
 * The profile `map` was compiled from, when it is a Mapper whose profile another thread can be sent
 * (plain data, which structured clone copies); a caller's own function has none.
 */
export function portableProfile(map: MapRecord): MappingProfile | undefined {
  const profile = (map as Partial<Mapper>).profile;
  if (profile === undefined) return undefined;
  try {
    structuredClone(profile);
    return profile;
  } catch {
    return undefined;
  }
}
