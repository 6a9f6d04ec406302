import type { SearchField, QueryNode } from '../search/query/ast';
import type { FacetField, SearchIndex } from '../search/port';

export interface Suggestion {
  text: string;
  kind: 'title' | 'author' | 'subject';
  /** Authors and subjects: how many records carry the value. */
  count?: number;
  /** Titles: the record. */
  id?: string;
}

export interface SuggestResult {
  q: string;
  suggestions: Suggestion[];
}

export const DEFAULT_SUGGEST_LIMIT = 5;
/** The query language's shortest prefix; shorter would match nearly everything. */
const MIN_PREFIX = 2;
/** Facet values read per kind before filtering: a record's co-authors need not match. */
const FACET_POOL = 50;

/**
 * Autocomplete with what the SearchIndex port already offers, so every adapter gets it: a
 * field-restricted query whose last word is a prefix finds the records, then titles come from
 * the hits and authors and subjects from facet counts over them, kept only when every typed
 * word begins one of their words (a record's other authors and subjects fall away).
 */
export class SuggestService {
  constructor(private readonly index: Pick<SearchIndex, 'search'>) {}

  async suggest(q: string, limit = DEFAULT_SUGGEST_LIMIT): Promise<SuggestResult> {
    const words = typedWords(q);
    if (words.length === 0) return { q, suggestions: [] };
    const [titles, authors, subjects] = await Promise.all([
      this.titles(words, limit),
      this.facet(words, 'author', 'author', limit),
      this.facet(words, 'subject', 'topic', limit),
    ]);
    return { q, suggestions: [...titles, ...authors, ...subjects] };
  }

  private async titles(words: TypedWord[], limit: number): Promise<Suggestion[]> {
    const response = await this.index.search({
      query: queryFor(words, 'title'),
      limit: Math.min(limit * 4, 100),
    });
    const seen = new Set<string>();
    const out: Suggestion[] = [];
    for (const hit of response.hits) {
      const text = hit.title;
      if (!text || !matchesAll(text, words) || seen.has(fold(text))) continue;
      seen.add(fold(text));
      out.push({ text, kind: 'title', id: hit.id });
      if (out.length === limit) break;
    }
    return out;
  }

  private async facet(
    words: TypedWord[],
    field: SearchField,
    facet: FacetField,
    limit: number,
  ): Promise<Suggestion[]> {
    const response = await this.index.search({
      query: queryFor(words, field),
      limit: 1,
      facets: [{ field: facet, limit: FACET_POOL }],
    });
    const kind = field === 'author' ? 'author' : 'subject';
    return (response.facets[facet] ?? [])
      .filter((v) => matchesAll(v.value, words))
      .slice(0, limit)
      .map((v) => ({ text: v.value, kind, count: v.count }));
  }
}

interface TypedWord {
  text: string;
  prefix: boolean;
}

/** Words as typed; the last is a prefix unless the user has moved on (a trailing space). */
function typedWords(q: string): TypedWord[] {
  const texts = fold(q).match(/[\p{L}\p{N}]+/gu) ?? [];
  const finished = /\s$/.test(q);
  const words = texts.map((text, i) => ({ text, prefix: i === texts.length - 1 && !finished }));
  const last = words[words.length - 1];
  if (last?.prefix && last.text.length < MIN_PREFIX) words.pop();
  return words;
}

function queryFor(words: TypedWord[], field: SearchField): QueryNode {
  const terms: QueryNode[] = words.map((w) => ({ type: 'term', field, value: w.text, prefix: w.prefix }));
  return terms.length === 1 ? (terms[0] as QueryNode) : { type: 'and', children: terms };
}

function matchesAll(text: string, words: TypedWord[]): boolean {
  const own = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.every((w) => own.some((o) => (w.prefix ? o.startsWith(w.text) : o === w.text)));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
