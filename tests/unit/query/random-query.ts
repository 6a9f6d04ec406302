import { SEARCH_FIELDS, type QueryNode, type SearchField } from '../../../src/search/query/ast';

/** A small seeded generator (mulberry32), so a failing property names a seed that reproduces it. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Words a parser can produce, many of which only print back with escapes. */
const WORDS = [
  'war',
  'Peace',
  'Łódź',
  '東京',
  'Straße',
  'C++',
  'A.I.',
  'M*A*S*H',
  'M*A*S*H*',
  '0-14-044793-X',
  '(OCoLC)ocm01234567',
  '(OCoLC)',
  'http://example.org/a:b',
  'AND',
  'OR',
  'NOT',
  'TO',
  '-war',
  '--x',
  '(a)',
  'a)',
  'foo:bar',
  'title:x',
  'Hamlet:',
  'a b',
  'x"y',
  'back\\slash',
  'end\\',
  '[1990',
  'and',
  'q9',
];

const PHRASES = [
  'war and peace',
  'Title: A subtitle',
  'war & peace',
  'n 79-21834',
  'QA76.73 .J38',
  'say "hi"',
  'C:\\dos',
  'Łódź 東京',
  'x',
];

const TEXT_FIELDS = SEARCH_FIELDS.filter((f) => f !== 'year');

function maybeField(random: Random): SearchField | undefined {
  return random() < 0.4 ? pick(random, TEXT_FIELDS) : undefined;
}

function randomYear(random: Random): number {
  return Math.floor(random() * 2100);
}

function randomLeaf(random: Random): QueryNode {
  const roll = random();
  if (roll < 0.15) {
    const [a, b] = [randomYear(random), randomYear(random)].sort((x, y) => x - y) as [number, number];
    const range: QueryNode = { type: 'range', field: 'year' };
    if (random() < 0.8) range.from = a;
    if (random() < 0.8) range.to = random() < 0.3 ? a : b;
    return range;
  }
  const field = maybeField(random);
  if (roll < 0.35) {
    const value = pick(random, PHRASES);
    return field ? { type: 'phrase', field, value } : { type: 'phrase', value };
  }
  const value = pick(random, WORDS);
  const prefix = value.replace(/[^\p{L}\p{N}]/gu, '').length >= 2 && random() < 0.3;
  return field ? { type: 'term', field, value, prefix } : { type: 'term', value, prefix };
}

/** A tree in the parser's normal form: no and-in-and, no or-in-or, at least two children. */
export function randomQuery(random: Random, depth = 4): QueryNode {
  const roll = random();
  if (depth === 0 || roll < 0.35) return randomLeaf(random);
  if (roll < 0.5) return { type: 'not', child: randomQuery(random, depth - 1) };
  const type = roll < 0.75 ? 'and' : 'or';
  const count = 2 + Math.floor(random() * 3);
  const children: QueryNode[] = [];
  while (children.length < count) {
    const child = randomQuery(random, depth - 1);
    if (child.type !== type) children.push(child);
  }
  return { type, children };
}

/** Strings built from the language's own pieces, so the fuzz reaches deep into the grammar. */
const PIECES = [
  ' ',
  ' ',
  '(',
  ')',
  '"',
  '\\',
  ':',
  '*',
  '-',
  '[',
  ']',
  '{',
  '}',
  '>',
  '=',
  '<',
  'AND',
  'OR',
  'NOT',
  'TO',
  '&&',
  '||',
  'title:',
  'Title:',
  'year:',
  'isbn:',
  'oclc:',
  'tilte:',
  'x:',
  '1990',
  '19',
  'war',
  'a',
  'Łódź',
  '東',
  '\u0000',
  '\t',
  '\ud800',
  '😀',
  '(OCoLC)',
  'http://',
];

export function randomQueryText(random: Random, maxPieces = 12): string {
  let text = '';
  const n = Math.floor(random() * maxPieces) + 1;
  for (let i = 0; i < n; i++) text += pick(random, PIECES);
  return text;
}
