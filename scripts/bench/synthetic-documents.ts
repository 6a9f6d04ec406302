import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogDocument } from '../../src/domain/catalog-document';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';
import { POOL_FILES } from './corpus-pool';

/**
 * Synthetic catalogues recombined from real records (sqlite-search.bench, availability.bench): the
 * parse benchmark's corpus files mapped with the default profile, then each synthetic document
 * takes its title, authors, subjects, year, formats/languages and call number from different ones.
 */
export async function realDocuments(corpus: string): Promise<CatalogDocument[]> {
  const mapper = createDefaultMapper();
  const docs: CatalogDocument[] = [];
  for (const file of POOL_FILES) {
    const bytes = readFileSync(path.join(corpus, file));
    for await (const item of readMarc(bytesSource(bytes))) {
      if (!item.ok) continue;
      try {
        const doc = mapper.map(item.record);
        if (!doc.deleted && doc.title) docs.push(doc);
      } catch {
        // A record the mapping rejects is not part of the benchmark.
      }
    }
  }
  return docs;
}

/** Deterministic recombination: primes spread the sources so neighbours share nothing. */
export function synthetic(real: CatalogDocument[], i: number): CatalogDocument {
  const pick = (prime: number) => real[(i * prime + prime) % real.length]!;
  const base = pick(1);
  const t = pick(7919);
  const a = pick(104_729);
  const s = pick(1_299_709);
  const y = pick(15_485_863);
  return {
    ...base,
    id: `bench-${i}`,
    controlNumber: `b${i}`,
    title: t.title,
    subtitle: t.subtitle,
    titleSort: t.titleSort,
    authors: a.authors,
    subjects: s.subjects,
    topics: s.topics,
    geographic: s.geographic,
    genres: s.genres,
    year: y.year,
    formats: y.formats,
    languages: a.languages,
    callNumbers: t.callNumbers,
  };
}
