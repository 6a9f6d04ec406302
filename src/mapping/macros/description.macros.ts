import type { CallNumber, Link } from '../../domain/catalog-document';
import { shelfKey } from '../../domain/shelf-key';
import type { DataField } from '../../marc/record';
import { firstSubfield, tagList, type RecordView, type TagList } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { allowOptions, pushUnique, tagsOption, type MacroDefinition } from './macro';

const RELATIONSHIP: Record<string, Link['relationship']> = {
  '0': 'resource',
  '1': 'version',
  '2': 'related',
};

/** 856: every $u; its text from $y (link text), else $3 (materials), else $z (public note). */
export function linksOf(fields: readonly DataField[]): Link[] {
  const out: Link[] = [];
  for (const field of fields) {
    const text = (
      firstSubfield(field, 'y') ??
      firstSubfield(field, '3') ??
      firstSubfield(field, 'z')
    )?.trim();
    const relationship = RELATIONSHIP[field.ind2] ?? 'unspecified';
    for (const sf of field.subfields) {
      const url = sf.code === 'u' ? sf.value.trim() : '';
      if (!url || out.some((l) => l.url === url)) continue;
      out.push(text ? { url, text, relationship } : { url, relationship });
    }
  }
  return out;
}

/**
 * Series: traced forms (800/810/811/830, and obsolete 440) always; a 490 statement only when it
 * is untraced (ind1 0) or nothing traces it, so a traced series is not listed twice in two spellings.
 */
const SERIES_CODES: Record<string, string> = {
  '440': 'anp',
  '490': 'a',
  '800': 'abcdfgklmnopqrst',
  '810': 'abcdfgklmnoprst',
  '811': 'acdefgklnpqst',
  '830': 'adfgklmnoprst',
};
const SERIES_TAGS = tagList(Object.keys(SERIES_CODES));

export function seriesOf(view: RecordView): string[] {
  const out: string[] = [];
  const fields = view.fieldsOf(SERIES_TAGS);
  const traced = fields.some((f) => f.tag[0] === '8');
  for (const field of fields) {
    if (field.tag === '490' && field.ind1 === '1' && traced) continue;
    pushUnique(out, seriesTitle(field));
  }
  return out;
}

export function seriesTitle(field: DataField): string {
  const codes = SERIES_CODES[field.tag] ?? 'a';
  const parts: string[] = [];
  for (const sf of field.subfields) if (codes.includes(sf.code)) parts.push(sf.value.trim());
  return trimPunctuation(parts.join(' '));
}

/**
 * Call numbers: LC from 050/090 ($a and its $b item number), Dewey from 082/092 (first $a, with
 * $b). Repeated $a in 050 are alternative class numbers, not call numbers, and are left out.
 */
export function callNumbersOf(view: RecordView, lcTags: TagList, allTags: TagList): CallNumber[] {
  const out: CallNumber[] = [];
  for (const field of view.fieldsOf(allTags)) {
    const scheme = lcTags.includes(field.tag) ? 'lc' : 'dewey';
    const a = firstSubfield(field, 'a');
    if (!a?.trim()) continue;
    const b = firstSubfield(field, 'b');
    const value = (b ? `${a} ${b}` : a).replace(/\s+/g, ' ').trim();
    if (out.some((c) => c.value === value && c.scheme === scheme)) continue;
    out.push({ value, scheme, shelfKey: shelfKey(value, scheme), tag: field.tag });
  }
  return out;
}

export const DESCRIPTION_MACROS: Record<string, MacroDefinition> = {
  links: {
    kind: 'links',
    description: '856 $u with link text and ind2 relationship',
    compile: (options) => {
      allowOptions(options, []);
      return (view) => linksOf(view.fields('856'));
    },
  },
  series: {
    kind: 'strings',
    description: 'series titles from 440, 490 (untraced) and 800/810/811/830',
    compile: (options) => {
      allowOptions(options, []);
      return seriesOf;
    },
  },
  callNumbers: {
    kind: 'callNumbers',
    description:
      'LC (lc option, default 050 090) and Dewey (dewey option, default 082 092) call numbers with shelf keys',
    compile: (options) => {
      allowOptions(options, ['lc', 'dewey']);
      const lc = tagsOption(options, 'lc', ['050', '090']);
      const dewey = tagsOption(options, 'dewey', ['082', '092']);
      const all = tagList([...lc.tags, ...dewey.tags]);
      return (view) => callNumbersOf(view, lc, all);
    },
  },
};
