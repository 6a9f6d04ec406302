import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import {
  CITATION_STYLES,
  renderCitations,
  type CitationFormat,
  type CitationStyle,
} from '../../src/interop/citations/citation-formats';
import type { CslItem } from '../../src/interop/citations/csl-item';
import { toCslItem } from '../../src/interop/citations/marc-to-csl';
import { readMarc } from '../../src/marc/formats';
import { bytesSource } from '../../src/marc/source';

/**
 * What citing a page of hits costs (issue 14, part 4; docs/interop.md, "Citations"). Prints
 * figures only. The bundled samples are mapped to CSL once; then pages of `--page` items (taken
 * in turn from the samples) are written in every format and style, `--pages` times each, on this
 * thread as a request would. The first page of a style is timed apart: citeproc builds its engine
 * for a style once per process.
 *
 *   node dist/scripts/bench/citations.bench.js [--page 20] [--pages 50]
 */
const ROOT = path.resolve(__dirname, '../../..');
const SAMPLES = path.join(ROOT, 'ingest/samples');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}

async function sampleItems(): Promise<CslItem[]> {
  const map = createDefaultMapper();
  const items: CslItem[] = [];
  for (const file of readdirSync(SAMPLES).filter((f) => /\.(mrc|xml|json|mrk)$/.test(f))) {
    for await (const item of readMarc(bytesSource(readFileSync(path.join(SAMPLES, file))))) {
      if (!item.ok) continue;
      const document = map(item.record);
      items.push(toCslItem({ id: document.id, record: item.record, document }));
    }
  }
  return items;
}

function ms(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const size = arg('page', 20);
  const pages = arg('pages', 50);
  const items = await sampleItems();
  const page = (n: number) => Array.from({ length: size }, (_, k) => items[(n * size + k) % items.length]!);
  const cases: [CitationFormat, CitationStyle | undefined][] = [
    ['csl-json', undefined],
    ['ris', undefined],
    ['bibtex', undefined],
    ...CITATION_STYLES.map((s) => ['citation', s] as [CitationFormat, CitationStyle]),
  ];
  console.log(`citations: ${items.length} sample items, pages of ${size}, ${pages} pages per case`);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  let started = process.hrtime.bigint();
  renderCitations(page(0), 'ris');
  console.log(`first use (loading citation-js, one RIS page): ${ms(started).toFixed(0)} ms`);
  for (const [format, style] of cases) {
    started = process.hrtime.bigint();
    renderCitations(page(1), format, style);
    const first = ms(started);
    const times: number[] = [];
    for (let n = 0; n < pages; n++) {
      started = process.hrtime.bigint();
      renderCitations(page(n), format, style);
      times.push(ms(started));
    }
    const name = style ? `${format} ${style}` : format;
    console.log(
      `${name.padEnd(20)} first ${first.toFixed(1).padStart(7)} ms   median ${median(times).toFixed(2).padStart(7)} ms/page   max ${Math.max(...times).toFixed(1)} ms`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(70);
});
