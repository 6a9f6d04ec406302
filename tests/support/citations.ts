import { toJSON } from '@orcid/bibtex-parse-js';
import { parse as parseRis } from 'astrocite-ris';

/**
 * What an independent reader finds in a citation file: BibTeX by @orcid/bibtex-parse-js, RIS by
 * astrocite-ris, neither of them citation-js. Each entry comes back as the few things a citation
 * must keep, in the reader's own terms, so a suite can compare them with the record.
 */
export interface ParsedCitation {
  key?: string;
  type: string;
  title?: string;
  /** "Family, Given" or a literal, in file order. */
  authors: string[];
  year?: string;
  isbn?: string;
  issn?: string;
  publisher?: string;
  url?: string;
}

export function parseBibtex(text: string): ParsedCitation[] {
  return toJSON(text).map((entry) => {
    const tags = Object.fromEntries(
      Object.entries(entry.entryTags).map(([k, v]) => [k.toLowerCase(), tex(v)]),
    );
    return clean({
      key: entry.citationKey,
      type: entry.entryType.toLowerCase(),
      title: tags.title,
      authors: tags.author ? tags.author.split(/\s+and\s+/) : [],
      year: tags.year,
      isbn: tags.isbn,
      issn: tags.issn,
      publisher: tags.publisher,
      url: tags.url,
    });
  });
}

/** BibTeX's grouping braces off and TeX's escapes undone: what a reader would display. */
function tex(value: string): string {
  const kept: string[] = [];
  const keep = (c: string) => `\u0000${kept.push(c) - 1}\u0001`;
  return value
    .replace(/\\textbackslash\{\}/g, () => keep('\\'))
    .replace(/\\textasciitilde\{\}/g, () => keep('~'))
    .replace(/\\textasciicircum\{\}/g, () => keep('^'))
    .replace(/\\([&%$#_{}])/g, (_m, c: string) => keep(c))
    .replace(/[{}]/g, '')
    .replace(/\u0000(\d+)\u0001/g, (_m, i: string) => kept[Number(i)] ?? '')
    .trim();
}

export function parseRisFile(text: string): ParsedCitation[] {
  return parseRis(text).map((item) => {
    const names = (item.author as { family?: string; given?: string; literal?: string }[] | undefined) ?? [];
    const issued = item.issued as { 'date-parts'?: unknown[][] } | undefined;
    return clean({
      type: String(item.type),
      title: item.title as string | undefined,
      authors: names.map((n) => n.literal ?? [n.family, n.given].filter(Boolean).join(', ')),
      year: issued?.['date-parts']?.[0]?.[0] === undefined ? undefined : String(issued['date-parts'][0][0]),
      isbn: (item.ISBN ?? item.ISSN) as string | undefined,
      publisher: item.publisher as string | undefined,
      url: item.URL as string | undefined,
    });
  });
}

function clean(parsed: ParsedCitation): ParsedCitation {
  return Object.fromEntries(
    Object.entries(parsed).filter(([, v]) => v !== undefined),
  ) as unknown as ParsedCitation;
}

/**
 * What citation-js's own CSL reader (its strict `clean`, which keeps only the variables CSL
 * defines, each of its type) would change in an item: none of the npm packages here ships the CSL
 * schema (csl-data.json), so this is the check CSL-JSON output gets. Empty when the item is valid.
 */
export function cslValidityProblems(item: object): string[] {
  const { plugins } = require('@citation-js/core') as {
    plugins: { input: { util: { clean(data: unknown[], bestGuessConversions: boolean): unknown[] } } };
  };
  const [cleaned] = plugins.input.util.clean([item], false) as Record<string, unknown>[];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (JSON.stringify(cleaned?.[key]) !== JSON.stringify(value))
      problems.push(`${String((item as { id?: string }).id)}: ${key}`);
  }
  return problems;
}
