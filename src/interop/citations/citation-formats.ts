import type { CslItem } from './csl-item';

/** The citation formats, as `?format=` names them, and their media types. */
export const CITATION_MEDIA_TYPES = {
  ris: 'application/x-research-info-systems',
  bibtex: 'application/x-bibtex',
  'csl-json': 'application/vnd.citationstyles.csl+json',
  /** Formatted references, as DOI content negotiation names them (text/x-bibliography). */
  citation: 'text/x-bibliography',
} as const;

export type CitationFormat = keyof typeof CITATION_MEDIA_TYPES;

/**
 * The styles @citation-js/plugin-csl bundles, by the names it gives them; nothing is fetched.
 * apa: APA 7th edition; vancouver: NLM/Vancouver, Citing Medicine 2nd edition; harvard1: Cite
 * Them Right 12th edition (Harvard). The plugin names Harvard `harvard1`; we keep its names so
 * that they mean the same here as in citation-js's documentation.
 */
export const CITATION_STYLES = ['apa', 'vancouver', 'harvard1'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];
export const DEFAULT_CITATION_STYLE: CitationStyle = 'apa';

/**
 * The most hits a formatted page (`format=citation`) holds: citeproc takes milliseconds per
 * reference on the request's thread (docs/interop.md, "Citations", has the figures), where the
 * file formats take microseconds and go up to the search limit.
 */
export const CITATION_PAGE_MAX = 20;

export function isCitationFormat(value: string): value is CitationFormat {
  return Object.hasOwn(CITATION_MEDIA_TYPES, value);
}

/**
 * The items as one file in the format: RIS and BibTeX one entry per item in the given order,
 * CSL-JSON an array, a formatted bibliography one plain-text line per item in the order the style
 * sorts (APA and Harvard by author, Vancouver as given).
 */
export function renderCitations(
  items: readonly CslItem[],
  format: CitationFormat,
  style: CitationStyle = DEFAULT_CITATION_STYLE,
): string {
  if (format === 'csl-json') return `${JSON.stringify(items, null, 2)}\n`;
  if (items.length === 0) return '';
  switch (format) {
    case 'ris':
      return new (citationJs().Cite)(items.map(forRis), CSL_INPUT).format('ris');
    case 'bibtex':
      return new (citationJs().Cite)(items.map(forBibtex), CSL_INPUT).format('bibtex');
    case 'citation':
      return new (citationJs().Cite)(items, CSL_INPUT).format('bibliography', {
        template: style,
        format: 'text',
        lang: 'en-US',
      });
  }
}

/** The items are CSL already: citation-js need not guess what they are. */
const CSL_INPUT = { forceType: '@csl/list+object' };

/**
 * RIS has one SN tag for ISBN and ISSN alike, but citation-js writes a serial's (SER) SN from the
 * ISBN only: a periodical's ISSN is handed over as that.
 */
function forRis(item: CslItem): CslItem {
  return item.ISSN && !item.ISBN ? { ...item, ISBN: item.ISSN } : item;
}

/**
 * BibTeX values are TeX: with ASCII-only output off (see citationJs), citation-js writes them as
 * given, so TeX's special characters are escaped here ("Crowell & Co." → "Crowell \\& Co."). URLs
 * are verbatim in BibTeX; the type (`musical_score`), the id and the key are not TeX at all.
 */
function forBibtex(item: CslItem): CslItem {
  const escaped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    escaped[key] = NOT_TEX.has(key) ? value : texEscaped(value);
  }
  return escaped as unknown as CslItem;
}

const NOT_TEX = new Set<string>(['id', 'type', 'citation-key', 'URL', 'issued', 'language']);

function texEscaped(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/[\\&%$#_{}~^]/g, (c) => TEX_SPECIALS[c] ?? c);
  if (Array.isArray(value)) return value.map(texEscaped);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, texEscaped(v)]));
  return value;
}

const TEX_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** The part of citation-js used here; it ships no types. */
interface CitationJs {
  Cite: new (
    data: unknown,
    options?: { forceType?: string },
  ) => { format(format: string, options?: Record<string, unknown>): string };
  plugins: { config: { get(name: string): { format: { asciiOnly: boolean } } } };
}

let loaded: CitationJs | undefined;

/**
 * citation-js, loaded on the first citation rather than at start: it and citeproc take a few
 * hundred milliseconds to load, which every CLI command would pay. Its core requires node-fetch 3,
 * an ES module, which Node ≥ 20.19 and ≥ 22.12 load from CommonJS; Stacks never hands it anything
 * to fetch. (jest cannot load that module: jest.config.js maps it to Node's own fetch.)
 */
function citationJs(): CitationJs {
  if (loaded) return loaded;
  const core = require('@citation-js/core') as CitationJs;
  require('@citation-js/plugin-csl');
  require('@citation-js/plugin-bibtex');
  require('@citation-js/plugin-ris');
  // BibTeX in UTF-8 (biber, and bibtex itself since 2010, read it): the ASCII default escapes
  // Latin diacritics as TeX and silently drops every other script, Cyrillic and CJK titles whole.
  core.plugins.config.get('@bibtex').format.asciiOnly = false;
  loaded = core;
  return core;
}
