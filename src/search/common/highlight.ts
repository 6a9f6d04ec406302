import type { QueryNode, SearchField } from '../query/ast';
import type { HighlightField, HighlightTexts } from './hit-display';
import { fold, foldCore, isCjk } from './fold';

/**
 * Highlighting in JS over the original text. FTS5's highlight()/snippet() would mark the folded
 * text we index (and need a content table); better-sqlite3 cannot register an FTS5 tokenizer that
 * folds on the fly. So we split the original into words the way the index does, fold each word,
 * and mark the runs that equal the query's folded words.
 */
export interface HighlightTerm {
  /** Undefined: any field. */
  field?: HighlightField;
  /** Folded words, in order (a phrase when more than one). */
  words: string[];
  /** The last word is a prefix. */
  prefix: boolean;
}

const FIELD_OF: Partial<Record<SearchField, HighlightField>> = {
  title: 'title',
  author: 'author',
  subject: 'subject',
  publisher: 'other',
  series: 'other',
};
const MAX_FRAGMENTS = 3;
const SNIPPET_CHARS = 160;

/** The words of the query's positive text leaves (a NOT branch is never highlighted). */
export function highlightTerms(node: QueryNode | undefined, negated = false): HighlightTerm[] {
  if (!node) return [];
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.flatMap((child) => highlightTerms(child, negated));
    case 'not':
      return highlightTerms(node.child, !negated);
    case 'range':
    case 'facet':
    case 'callnumberRange':
      return [];
    case 'term':
    case 'phrase': {
      if (negated || (node.field !== undefined && !FIELD_OF[node.field])) return [];
      const words = fold(node.value)
        .split(/[^\p{L}\p{N}\p{M}]+/u)
        .filter((w) => w !== '');
      if (words.length === 0) return [];
      const field = node.field === undefined ? undefined : FIELD_OF[node.field];
      return [{ field, words, prefix: node.type === 'term' && node.prefix }];
    }
  }
}

export function highlightTexts(
  texts: HighlightTexts,
  terms: readonly HighlightTerm[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const field of ['title', 'author', 'subject', 'other'] as const) {
    const fieldTerms = terms.filter((t) => t.field === undefined || t.field === field);
    if (fieldTerms.length === 0) continue;
    const fragments: string[] = [];
    for (const text of texts[field] ?? []) {
      const fragment = highlightText(text, fieldTerms, field === 'other');
      if (fragment !== undefined) fragments.push(fragment);
      if (fragments.length >= MAX_FRAGMENTS) break;
    }
    if (fragments.length > 0) out[field] = fragments;
  }
  return out;
}

interface Word {
  start: number;
  end: number;
  folded: string;
}

/** The text with matches in <mark>, escaped; a window around the first match when `snippet`. */
export function highlightText(
  text: string,
  terms: readonly HighlightTerm[],
  snippet = false,
): string | undefined {
  const ranges = mergeRanges(terms.flatMap((term) => matchRanges(words(text), term)));
  if (ranges.length === 0) return undefined;
  const [from, to] = snippet ? snippetWindow(text, ranges[0]!) : [0, text.length];
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    out += escapeHtml(text.slice(at, Math.max(start, from)));
    out += `<mark>${escapeHtml(text.slice(Math.max(start, from), Math.min(end, to)))}</mark>`;
    at = Math.min(end, to);
  }
  out += escapeHtml(text.slice(at, to));
  return to < text.length ? `${out}…` : out;
}

/** Words as the index sees them: letter/digit runs, each CJK character on its own. */
function words(text: string): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    let start = match.index;
    let run = '';
    const flush = (end: number): void => {
      if (run !== '') out.push({ start, end, folded: foldCore(run) });
      run = '';
      start = end;
    };
    for (const ch of match[0]) {
      if (isCjk(ch)) {
        flush(start + run.length);
        run = ch;
        flush(start + ch.length);
      } else {
        run += ch;
      }
    }
    flush(start + run.length);
  }
  return out;
}

function matchRanges(list: Word[], term: HighlightTerm): [number, number][] {
  const ranges: [number, number][] = [];
  const n = term.words.length;
  for (let i = 0; i + n <= list.length; i += 1) {
    let ok = true;
    for (let j = 0; j < n && ok; j += 1) {
      const word = list[i + j]!.folded;
      const wanted = term.words[j]!;
      ok = j === n - 1 && term.prefix ? word.startsWith(wanted) : word === wanted;
    }
    if (ok) ranges.push([list[i]!.start, list[i + n - 1]!.end]);
  }
  return ranges;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** About SNIPPET_CHARS around the first match, cut at spaces. */
function snippetWindow(text: string, first: [number, number]): [number, number] {
  if (text.length <= SNIPPET_CHARS) return [0, text.length];
  let from = Math.max(0, first[0] - SNIPPET_CHARS / 3);
  let to = Math.min(text.length, from + SNIPPET_CHARS);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < first[0] ? space + 1 : from;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    to = space > first[1] ? space : to;
  }
  return [from, to];
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
