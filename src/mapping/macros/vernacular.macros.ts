import type { Vernacular } from '../../domain/catalog-document';
import type { DataField } from '../../marc/record';
import type { RecordView } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { authorOf } from './author.macros';
import { seriesTitle } from './description.macros';
import { allowOptions, pushUnique, type MacroDefinition } from './macro';
import { subjectHeading } from './subject.macros';

/**
 * 880 alternate-script fields. $6 names the field each one stands beside ("245-01/(N"); the
 * value is taken the way that field's own rule takes it and filed under the field's family, so
 * search can index the Cyrillic title next to the transliterated one.
 */
type Family = keyof Vernacular;

const TITLE_CODES: Record<string, string> = {
  '245': 'abfgknps',
  '130': 'adfgklmnoprst',
  '240': 'adfgklmnoprs',
  '246': 'abfgnp',
  '730': 'adfgklmnoprst',
  '740': 'anp',
};
const AUTHOR_TAGS = ['100', '110', '111', '700', '710', '711'];
const SERIES_TAGS = ['440', '490', '800', '810', '811', '830'];

export function linkedTag(field: DataField): string | undefined {
  const six = field.subfields.find((sf) => sf.code === '6')?.value;
  const m = six ? /^\s*(\d{3})/.exec(six) : null;
  return m ? m[1] : undefined;
}

export function familyOf(tag: string): Family {
  if (TITLE_CODES[tag]) return 'title';
  if (AUTHOR_TAGS.includes(tag)) return 'authors';
  if (tag[0] === '6') return 'subjects';
  if (tag === '260' || tag === '264') return 'publishers';
  if (SERIES_TAGS.includes(tag)) return 'series';
  return 'other';
}

export function vernacularOf(fields: readonly DataField[]): Vernacular {
  const out: Vernacular = { title: [], authors: [], subjects: [], publishers: [], series: [], other: [] };
  for (const field of fields) {
    const tag = linkedTag(field) ?? '';
    const family = familyOf(tag);
    const linked = { ...field, tag };
    if (family === 'publishers') {
      for (const sf of field.subfields)
        if (sf.code === 'b') pushUnique(out.publishers, trimPunctuation(sf.value));
    } else {
      pushUnique(out[family], valueOf(family, linked));
    }
  }
  return out;
}

function valueOf(family: Family, field: DataField): string | undefined {
  switch (family) {
    case 'title':
      return joined(field, TITLE_CODES[field.tag] ?? 'a');
    case 'authors':
      return authorOf(field)?.heading;
    case 'subjects':
      return subjectHeading(field);
    case 'series':
      return seriesTitle(field) || undefined;
    default:
      return joined(field, undefined);
  }
}

/** The chosen subfields (all but control subfields when none are named), joined and trimmed. */
function joined(field: DataField, codes: string | undefined): string | undefined {
  const parts: string[] = [];
  for (const sf of field.subfields) {
    if (codes ? codes.includes(sf.code) : !/[0-9]/.test(sf.code)) parts.push(sf.value);
  }
  const value = trimPunctuation(parts.join(' ').replace(/\s+/g, ' '));
  return value || undefined;
}

export const VERNACULAR_MACROS: Record<string, MacroDefinition> = {
  vernacular: {
    kind: 'vernacular',
    description: '880 fields by the family of the field their $6 links to',
    compile: (options) => {
      allowOptions(options, []);
      return (view: RecordView) => vernacularOf(view.fields('880'));
    },
  },
};
