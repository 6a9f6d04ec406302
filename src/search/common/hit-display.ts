import type { Hit } from '../port';

/** The stored hit: everything in `Hit` but the per-query score and highlight. */
export type HitDisplay = Omit<Hit, 'score' | 'highlight'>;

/** Original text by highlight field, so snippets show what the record says, not the folded form. */
export type HighlightField = 'title' | 'author' | 'subject' | 'other';
export type HighlightTexts = Partial<Record<HighlightField, string[]>>;
