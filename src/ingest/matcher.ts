import type { CatalogDocument } from '../domain/catalog-document';
import type { IdentifierKind, RecordStore } from '../store/port';
import type { IngestOptions, MatchKey } from './ingest.types';
import { InputIds } from './input-ids';
import { decide, reviseDocument, type StagedRecord } from './staged-record';

const KIND: Record<MatchKey, IdentifierKind> = {
  '001': 'controlNumber',
  '035': 'oclc',
  isbn: 'isbn',
  lccn: 'lccn',
  issn: 'issn',
};

function valuesOf(doc: Readonly<CatalogDocument>, key: MatchKey): string[] {
  switch (key) {
    case '001':
      return doc.controlNumber ? [doc.controlNumber] : [];
    case '035':
      return doc.oclcNumbers;
    case 'isbn':
      return doc.isbns
        .filter((i) => i.valid && !i.canceled)
        .flatMap((i) => [i.isbn13, i.isbn10].filter((v): v is string => !!v));
    case 'lccn':
      return doc.lccns.filter((l) => !l.canceled).map((l) => l.normalized);
    case 'issn':
      return doc.issns.filter((i) => i.kind === 'issn' && i.normalized).map((i) => i.normalized as string);
  }
}

/**
 * Decides which existing record each incoming one lands on. The record's own id wins; failing
 * that, the `--match` keys in order: one existing record → overlay it (the incoming record takes
 * its id), several → reject as ambiguous (never guess which to overwrite). Records earlier in the
 * same batch count as existing. With `--on-match skip`, a record that lands on an existing one
 * is skipped. A record landing on an id an earlier record of the same input took is rejected
 * (`inputIds`, in input order). Returns the ids that existed before the batch.
 */
export async function resolveMatches(
  batch: StagedRecord[],
  store: RecordStore,
  options: IngestOptions,
  inputIds: InputIds = new InputIds(),
): Promise<Set<string>> {
  const live = batch.filter((p) => !p.decided);
  const byId = await store.findIds(
    'id',
    live.map((p) => p.document.id),
  );
  const existing = new Set([...byId].filter(([value, ids]) => ids.includes(value)).map(([value]) => value));
  const found = await lookups(live, store, options.match);
  const seenInBatch = new Map<string, string>(); // `${key}:${value}` → id
  const idsInBatch = new Set<string>();
  for (const p of live) {
    if (inputIds.rejectDuplicate(p)) continue;
    let own = existing.has(p.document.id) || idsInBatch.has(p.document.id);
    if (!own && !p.document.deleted) own = overlaidBefore(p, byId.get(p.document.id) ?? []);
    if (!own && !p.decided && !p.document.deleted) overlay(p, options.match, found, seenInBatch);
    if (p.matchedBy !== undefined && inputIds.rejectDuplicate(p)) continue;
    if (!p.decided && options.onMatch === 'skip' && (own || p.matchedBy)) {
      decide(p, 'skipped', `matches existing record ${p.document.id}; --on-match skip`);
    }
    inputIds.claim(p);
    for (const key of options.match)
      for (const v of valuesOf(p.document, key)) seenInBatch.set(`${key}:${v}`, p.document.id);
    idsInBatch.add(p.document.id);
  }
  await keepAlternateIds(live, existing, store);
  return existing;
}

/**
 * A record an earlier `--match` overlaid onto another keeps its own id as that record's alternate
 * id, so it lands there again, `--match` or not (docs/ingest.md, "Matching and overlay").
 */
function overlaidBefore(p: StagedRecord, ids: string[]): boolean {
  if (ids.length === 0) return false;
  if (ids.length > 1) {
    decide(p, 'rejected', `ambiguous match on id: records ${[...ids].sort().join(', ')}`);
    return false;
  }
  rehome(p, ids[0]!, `matched ${ids[0]!} on id (overlaid before)`);
  return true;
}

function rehome(p: StagedRecord, target: string, why: string): void {
  p.ownId ??= p.document.id;
  p.matchedBy = why;
  reviseDocument(p, { ...p.document, id: target });
}

/**
 * Every record written onto an existing one carries the alternate ids it kept, and an overlaid one
 * adds its own, so no overlay is forgotten when the record is replaced (an overlay, or the
 * library's own file again). Only records that keep some are read.
 */
async function keepAlternateIds(
  live: StagedRecord[],
  existing: Set<string>,
  store: RecordStore,
): Promise<void> {
  const own = live.filter((p) => !p.decided && !p.document.deleted && existing.has(p.document.id));
  const holders = await store.findIds(
    'overlaid',
    own.map((p) => p.document.id),
  );
  const moved = live.filter((p) => !p.decided && (p.ownId !== undefined || holders.has(p.document.id)));
  if (moved.length === 0) return;
  const stored = await store.getMany([...new Set(moved.map((p) => p.document.id))]);
  const before = new Map(stored.map((r) => [r.id, r.document.alternateIds ?? []]));
  for (const p of moved) {
    const ids = new Set([...(before.get(p.document.id) ?? []), ...(p.ownId ? [p.ownId] : [])]);
    if (ids.size > 0) reviseDocument(p, { ...p.document, alternateIds: [...ids].sort() });
  }
}

async function lookups(
  batch: StagedRecord[],
  store: RecordStore,
  keys: MatchKey[],
): Promise<Map<MatchKey, Map<string, string[]>>> {
  const out = new Map<MatchKey, Map<string, string[]>>();
  for (const key of keys) {
    const values = batch.flatMap((p) => valuesOf(p.document, key));
    out.set(key, values.length > 0 ? await store.findIds(KIND[key], values) : new Map());
  }
  return out;
}

function overlay(
  p: StagedRecord,
  keys: MatchKey[],
  found: Map<MatchKey, Map<string, string[]>>,
  inBatch: Map<string, string>,
): void {
  for (const key of keys) {
    const ids = new Set<string>();
    for (const v of valuesOf(p.document, key)) {
      for (const id of found.get(key)?.get(v) ?? []) ids.add(id);
      const earlier = inBatch.get(`${key}:${v}`);
      if (earlier) ids.add(earlier);
    }
    ids.delete(p.document.id);
    if (ids.size === 1) {
      const target = ids.values().next().value as string;
      rehome(p, target, `matched ${target} on ${key}`);
      return;
    }
    if (ids.size > 1) {
      decide(p, 'rejected', `ambiguous match on ${key}: records ${[...ids].sort().join(', ')}`);
      return;
    }
  }
}
