import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Backends } from '../backends/backends';
import { DEFAULT_INGEST_OPTIONS, type Outcome } from '../ingest/ingest.types';
import { runIngest } from '../ingest/pipeline';
import type { MapRecord } from '../mapping/mapper';
import { openSource } from '../marc/source';

/** The bundled demo records: every MARC file in ingest/samples/ (any of the four formats). */
export const SAMPLE_EXTENSIONS = ['.mrc', '.xml', '.json', '.mrk'];

export function sampleFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => SAMPLE_EXTENSIONS.includes(path.extname(n).toLowerCase()))
    .sort()
    .map((n) => path.join(dir, n))
    .filter((f) => statSync(f).isFile());
}

export interface SeedResult {
  files: string[];
  counts?: Record<Outcome, number>;
}

/**
 * A fresh catalog gets the samples so `npm start` shows something searchable at once; a catalog
 * with any record in it is left alone (the samples are never mixed into real data).
 */
export async function seedSamplesIfEmpty(
  backends: Backends,
  map: MapRecord,
  dir: string,
): Promise<SeedResult | undefined> {
  if ((await backends.store.count()) > 0) return undefined;
  const files = sampleFiles(dir);
  if (files.length === 0) return { files };
  const inputs = files.map((f) => ({
    name: path.basename(f),
    source: openSource(f),
    size: statSync(f).size,
  }));
  const summary = await runIngest(inputs, backends, map, DEFAULT_INGEST_OPTIONS, { line: () => undefined });
  return { files, counts: summary.counts };
}
