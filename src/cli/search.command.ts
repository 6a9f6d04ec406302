import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../errors/app-error';
import {
  CITATION_MEDIA_TYPES,
  CITATION_STYLES,
  renderCitations,
  type CitationFormat,
  type CitationStyle,
} from '../interop/citations/citation-formats';
import { CitationService } from '../interop/citations/citation.service';
import { FACET_FIELDS, SORT_KEYS, type FacetField, type Filter, type SortKey } from '../search/port';
import { SearchService, type SearchParams, type SearchResult } from '../services/search.service';
import { intFlag, openExistingCatalog } from './catalog-flags';
import { addAlias } from './option-aliases';

interface SearchFlags {
  db?: string;
  json?: boolean;
  facets?: string;
  facetLimit?: string;
  filter: string[];
  year?: string;
  yearFrom?: string;
  yearTo?: string;
  sort: SortKey;
  limit?: string;
  offset?: string;
  cursor?: string;
  highlight?: boolean;
  format?: CitationFormat;
  style?: CitationStyle;
}

export function registerSearch(program: Command): void {
  const command = program
    .command('search')
    .description('search the catalog with the query language; --json prints what the HTTP API returns')
    .argument('[query...]', 'words, "phrases", field:term, AND/OR/NOT, (…), prefix*; empty for all records')
    .option('--db <path>', 'SQLite database file (default: $STACKS_DB or data/stacks.db)')
    .option('--json', 'print the JSON the HTTP API returns')
    .option('--facets <fields>', `comma-separated facets to count (${FACET_FIELDS.join(', ')})`)
    .option('--facet-limit <n>', 'values per facet (1–1000, default 10)')
    .option(
      '--filter <field:value>',
      'keep only records with this facet value (repeatable), e.g. format:Book',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--year-from <year>', 'publication years from this one')
    .option('--year-to <year>', 'publication years up to this one')
    .option('--year <from-to>', 'both at once: 1990-2000, 1990-, -1900')
    .addOption(new Option('--sort <key>', 'order of hits').choices(SORT_KEYS).default('relevance'))
    .option('--limit <n>', 'hits per page (1–100)')
    .option('--offset <n>', 'hits to skip')
    .option('--cursor <cursor>', 'continue from a previous nextCursor')
    .option('--highlight', 'mark matched words in the hits')
    .addOption(
      new Option('--format <format>', "print the page's hits cited, as GET /search?format= does").choices(
        Object.keys(CITATION_MEDIA_TYPES),
      ),
    )
    .addOption(
      new Option('--style <style>', 'the style of --format citation (default apa)').choices(CITATION_STYLES),
    )
    .action(async (words: string[], flags: SearchFlags) => {
      if (flags.format)
        return void process.stdout.write(await citedPage(words.join(' '), flags.format, flags));
      const result = await search(words.join(' '), flags);
      process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : render(result));
    });
  addAlias(command, '--facet <fields>', 'facets');
}

export async function search(q: string, flags: SearchFlags): Promise<SearchResult> {
  const backends = await openExistingCatalog(flags.db);
  try {
    return await new SearchService(backends.index).search(paramsOf(q, flags));
  } finally {
    await backends.close();
  }
}

/** The page's hits as one citation file; no cap on a formatted page here, no request waits. */
async function citedPage(q: string, format: CitationFormat, flags: SearchFlags): Promise<string> {
  const backends = await openExistingCatalog(flags.db);
  try {
    const result = await new SearchService(backends.index).search(paramsOf(q, flags));
    const items = await new CitationService(backends.store).itemsOf(result.hits.map((h) => h.id));
    return renderCitations(items, format, flags.style);
  } finally {
    await backends.close();
  }
}

function paramsOf(q: string, flags: SearchFlags): SearchParams {
  return {
    q,
    filters: filtersFrom(flags.filter),
    facets: facetsFrom(flags.facets),
    facetLimit: intFlag('facet-limit', flags.facetLimit, 1, 1000),
    sort: flags.sort,
    limit: intFlag('limit', flags.limit, 0, 1_000_000),
    offset: intFlag('offset', flags.offset, 0, Number.MAX_SAFE_INTEGER),
    cursor: flags.cursor,
    highlight: Boolean(flags.highlight),
    ...yearsOf(flags),
  };
}

function facetsFrom(text: string | undefined): FacetField[] {
  const fields = (text ?? '').split(',').filter(Boolean);
  for (const f of fields) {
    if (!FACET_FIELDS.includes(f as FacetField)) {
      throw new AppError('invalid_search_facet', `--facets "${f}" is not one of ${FACET_FIELDS.join(', ')}`);
    }
  }
  return fields as FacetField[];
}

/** `field:value` as the HTTP API's `filter`; `field=value`, the old spelling, still works. */
function filtersFrom(items: string[]): Filter[] {
  const byField = new Map<FacetField, string[]>();
  for (const item of items) {
    const m = /^([a-z]+)[:=]/.exec(item);
    const field = m?.[1] as FacetField | undefined;
    if (!m || !field || !FACET_FIELDS.includes(field)) {
      throw new AppError(
        'invalid_search_facet',
        `--filter "${item}" is not field:value with a field of ${FACET_FIELDS.join(', ')}`,
      );
    }
    byField.set(field, [...(byField.get(field) ?? []), item.slice(m[0].length)]);
  }
  return [...byField].map(([field, values]) => ({ field, values }));
}

function yearsOf(flags: SearchFlags): { years?: { from?: number; to?: number } } {
  const years = flags.year ? yearsFrom(flags.year) : {};
  const from = intFlag('year-from', flags.yearFrom, -9999, 9999) ?? years.from;
  const to = intFlag('year-to', flags.yearTo, -9999, 9999) ?? years.to;
  if (from === undefined && to === undefined) return {};
  return { years: { ...(from !== undefined && { from }), ...(to !== undefined && { to }) } };
}

function yearsFrom(text: string): { from?: number; to?: number } {
  const m = /^(\d{1,4})?-(\d{1,4})?$|^(\d{1,4})$/.exec(text.trim());
  if (!m) throw new AppError('invalid_config', `--year "${text}" is not YEAR, FROM-TO, FROM- or -TO`);
  if (m[3]) return { from: Number(m[3]), to: Number(m[3]) };
  return { ...(m[1] ? { from: Number(m[1]) } : {}), ...(m[2] ? { to: Number(m[2]) } : {}) };
}

/** `1 of 3 available · MAIN/REFERENCE 0/1 · MAIN/STACKS 1/2 QA76.73 .J38` */
function copies(a: NonNullable<SearchResult['hits'][number]['availability']>): string {
  const places = a.locations.map((l) =>
    [`${l.location} ${l.available}/${l.total}`, ...l.callNumbers.slice(0, 1)].join(' '),
  );
  return [`${a.available} of ${a.total} available`, ...places].join(' · ');
}

function render(r: SearchResult): string {
  const lines = [`${r.total} record(s) for ${r.query === '' ? 'everything' : r.query} (${r.took} ms)`];
  r.hits.forEach((h, i) => {
    const title = [h.title, h.subtitle].filter(Boolean).join(' : ') || '[no title]';
    const extra = [h.authors[0], h.year, h.formats.join('/'), h.callNumber].filter(
      (x) => x !== undefined && x !== '',
    );
    lines.push(`${String(r.offset + i + 1).padStart(4)}. ${title}`, `      ${extra.join(' · ')}  [${h.id}]`);
    if (h.availability) lines.push(`      ${copies(h.availability)}`);
  });
  for (const [field, values] of Object.entries(r.facets)) {
    lines.push(`${field}: ${(values ?? []).map((v) => `${v.value} (${v.count})`).join(', ')}`);
  }
  if (r.nextCursor) lines.push(`more: --cursor ${r.nextCursor}`);
  return lines.join('\n') + '\n';
}
