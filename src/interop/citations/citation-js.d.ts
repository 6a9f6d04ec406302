// citation-js ships no types: the surface citation-formats.ts uses, and nothing more.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: Record<string, unknown>[];
    format(format: string, options?: Record<string, unknown>): string;
  }
  export const plugins: {
    config: { get(name: string): Record<string, Record<string, unknown>> };
    input: { util: { clean(data: unknown, bestGuessConversions?: boolean): unknown } };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
