import { SEARCH_FIELDS, type SearchField } from './ast';

/**
 * Field names as users type them: case-insensitive (`Title:` is `title:`), so a pasted
 * "Title: …" label still means the field.
 */
const BY_NAME: ReadonlyMap<string, SearchField> = new Map(SEARCH_FIELDS.map((f) => [f, f]));

export function fieldNamed(name: string): SearchField | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * The field a misspelt name most likely meant (`tilte` → `title`), for the error message; only
 * within two edits, so an unrelated word gets no suggestion.
 */
export function closestField(name: string): SearchField | undefined {
  const lower = name.toLowerCase();
  let best: SearchField | undefined;
  let bestDistance = 3;
  for (const field of SEARCH_FIELDS) {
    const d = editDistance(lower, field);
    if (d < bestDistance) {
      best = field;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: a swap of two neighbours (`tilte`) counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const up = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
