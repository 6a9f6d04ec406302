import {
  CITATION_MEDIA_TYPES,
  DEFAULT_CITATION_STYLE,
  renderCitations,
  type CitationFormat,
  type CitationStyle,
} from '../../interop/citations/citation-formats';
import type { CslItem } from '../../interop/citations/csl-item';

/**
 * A tag suffix per citation representation, letters only as the ETag grammar wants
 * (`"v3-csljson"`, `"v3-harvard"`): a formatted citation's bytes depend on its style, so each
 * style is a representation of its own.
 */
const TAGS: Readonly<Record<Exclude<CitationFormat, 'citation'> | CitationStyle, string>> = {
  ris: 'ris',
  bibtex: 'bibtex',
  'csl-json': 'csljson',
  apa: 'apa',
  vancouver: 'vancouver',
  harvard1: 'harvard',
};

export function citationTag(format: CitationFormat, style: CitationStyle = DEFAULT_CITATION_STYLE): string {
  return TAGS[format === 'citation' ? style : format];
}

/** One file of citations, whatever the number of items: every format is UTF-8 text. */
export function citationRepresentation(
  items: readonly CslItem[],
  format: CitationFormat,
  style: CitationStyle = DEFAULT_CITATION_STYLE,
): { type: string; body: string } {
  return {
    type: `${CITATION_MEDIA_TYPES[format]}; charset=utf-8`,
    body: renderCitations(items, format, style),
  };
}
