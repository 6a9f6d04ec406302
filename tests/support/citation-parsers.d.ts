/** The parts of the independent citation parsers the citation suites use (no types of their own). */
declare module '@orcid/bibtex-parse-js' {
  export interface BibtexEntry {
    citationKey: string;
    entryType: string;
    entryTags: Record<string, string>;
  }
  export function toJSON(text: string): BibtexEntry[];
}

declare module 'astrocite-ris' {
  /** RIS → CSL-JSON items, by astrocite's own grammar. */
  export function parse(text: string): Record<string, unknown>[];
}
