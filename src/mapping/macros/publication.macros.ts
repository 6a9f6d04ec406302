import type { DataField } from '../../marc/record';
import { memoSlot, type RecordView } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { allowOptions, booleanOption, oneOfOption, pushUnique, type MacroDefinition } from './macro';

/**
 * Imprint parts — $a place, $b publisher, $c date — from 260 and from 264 with ind2 1
 * (publication). Only when those give nothing does 264 production (0), distribution (2) or
 * manufacture (3) count, and for dates the copyright notice (4) last of all: a "©2015" is a
 * better date than none, but never beside a real publication date.
 */
const FALLBACK_IND2: Record<string, readonly string[]> = {
  a: ['0', '2', '3'],
  b: ['0', '2', '3'],
  c: ['0', '2', '3', '4'],
};

export interface Imprint {
  a: string[];
  b: string[];
  c: string[];
}

const IMPRINT = memoSlot<Imprint>('imprint');
const YEARS = memoSlot<Years>('years');

/** Places ($a), publishers ($b) and dates ($c) in one pass over 260/264, shared by the three rules. */
export function imprintOf(view: RecordView): Imprint {
  const primary: Imprint = { a: [], b: [], c: [] };
  const byInd2 = new Map<string, Imprint>();
  collect(view.fields('260'), primary);
  for (const field of view.fields('264')) {
    if (field.ind2 === '1') collect([field], primary);
    else if (field.ind2 >= '0' && field.ind2 <= '4') {
      let other = byInd2.get(field.ind2);
      if (!other) byInd2.set(field.ind2, (other = { a: [], b: [], c: [] }));
      collect([field], other);
    }
  }
  if (byInd2.size === 0) return primary;
  for (const code of ['a', 'b', 'c'] as const) {
    for (const ind2 of FALLBACK_IND2[code] ?? []) {
      if (primary[code].length > 0) break;
      primary[code] = byInd2.get(ind2)?.[code] ?? [];
    }
  }
  return primary;
}

export function imprintValues(view: RecordView, code: 'a' | 'b' | 'c'): string[] {
  return view.memo(IMPRINT, imprintOf)[code];
}

function collect(fields: readonly DataField[], into: Imprint): void {
  for (const field of fields) {
    for (const sf of field.subfields) {
      if (sf.code === 'a' || sf.code === 'b' || sf.code === 'c')
        pushUnique(into[sf.code], trimPunctuation(sf.value));
    }
  }
}

export interface Years {
  year?: number;
  yearEnd?: number;
}

const MIN_YEAR = 500;
const MAX_YEAR = 2100;
/** 008/06 types whose date 2 is an end date (ranges, serial runs, questionable spans). */
const RANGE_TYPES = 'cdikmqu';

/**
 * Years from 008/06–14: date 1 is the year; date 2 is the end of a range for the range types
 * (c d i k m q u); for a reprint (r) the later of the two dates, as date 1 should be.
 * Unknown digits ("19uu") widen to the decade or century: 1900–1999. 9999 as an end means
 * "still going" and gives no end. Without a usable 008 date, the first 4-digit year in
 * 260/264 $c is taken.
 */
export function yearsOf(view: RecordView): Years {
  const f008 = view.control('008') ?? '';
  const type = f008[6] ?? ' ';
  const first = f008.length >= 11 && type !== 'n' && type !== 'b' ? yearSpan(f008.slice(7, 11)) : undefined;
  if (!first) return yearFromImprint(view);
  const second = type === 'r' || RANGE_TYPES.includes(type) ? yearSpan(f008.slice(11, 15)) : undefined;
  // r: date 1 is the reissue, date 2 the original — which cannot be later. When it is, the two were
  // entered the wrong way round, and the later one is the reissue we hold.
  if (type === 'r' && second && second.from > first.from) return { year: second.from };
  const years: Years = { year: first.from };
  let end = first.to;
  if (second && type !== 'r' && second.to >= first.from) end = Math.max(end, second.to);
  if (end > first.from) years.yearEnd = end;
  return years;
}

function yearSpan(text: string): { from: number; to: number } | undefined {
  if (!/^[0-9][0-9u]{3}$/.test(text) || text === '9999') return undefined;
  const from = Number(text.replace(/u/g, '0'));
  const to = Number(text.replace(/u/g, '9'));
  return from >= MIN_YEAR && from <= MAX_YEAR ? { from, to } : undefined;
}

function yearFromImprint(view: RecordView): Years {
  for (const date of imprintValues(view, 'c')) {
    const m = /(?:^|\D)(\d{4})(?!\d)/.exec(date);
    const year = m ? Number(m[1]) : NaN;
    if (year >= MIN_YEAR && year <= MAX_YEAR) return { year };
  }
  return {};
}

/**
 * Language codes: 008/35–37, then 041 $a (text) and $d (sung or spoken) when 041 uses MARC codes
 * (ind2 blank). Codes run together in old records ("engfre") are split in threes.
 */
export function languagesOf(view: RecordView): string[] {
  const out: string[] = [];
  pushCode(out, (view.control('008') ?? '').slice(35, 38));
  for (const field of view.fields('041')) {
    if (field.ind2 === '7') continue;
    for (const sf of field.subfields) {
      if (sf.code !== 'a' && sf.code !== 'd') continue;
      const compact = sf.value.replace(/\s+/g, '');
      for (let i = 0; i + 3 <= compact.length; i += 3) pushCode(out, compact.slice(i, i + 3));
    }
  }
  return out;
}

function pushCode(out: string[], code: string): void {
  const c = code.toLowerCase();
  if (/^[a-z]{3}$/.test(c)) pushUnique(out, c);
}

export const PUBLICATION_MACROS: Record<string, MacroDefinition> = {
  imprint: {
    kind: 'strings',
    description: 'place (part: place), publisher (part: publisher) or date (part: date) from 260 and 264',
    compile: (options) => {
      allowOptions(options, ['part']);
      const part = oneOfOption(options, 'part', ['place', 'publisher', 'date'] as const);
      const code = part === 'place' ? 'a' : part === 'publisher' ? 'b' : 'c';
      return (view) => imprintValues(view, code);
    },
  },
  year: {
    kind: 'number',
    description: 'the year (or with end: true, the end year) from 008/06-14, else 260/264 $c',
    compile: (options) => {
      allowOptions(options, ['end']);
      const end = booleanOption(options, 'end', false);
      return (view) => (end ? view.memo(YEARS, yearsOf).yearEnd : view.memo(YEARS, yearsOf).year);
    },
  },
  languages: {
    kind: 'strings',
    description: 'MARC language codes from 008/35-37 and 041 $a $d',
    compile: (options) => {
      allowOptions(options, []);
      return languagesOf;
    },
  },
};
