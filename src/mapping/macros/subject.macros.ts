import type { Subject } from '../../domain/catalog-document';
import type { DataField } from '../../marc/record';
import { memoSlot, tagList, type RecordView } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { allowOptions, oneOfOption, pushUnique, tagsOption, type MacroDefinition } from './macro';

/**
 * Full subject headings from 6XX: the main part (every subfield that is not a subdivision, a
 * relator or a control subfield) joined with spaces, then each subdivision ($v form, $x general,
 * $y chronological, $z geographic) after " -- ", as LCSH displays them. 653 (uncontrolled terms)
 * holds one term per $a, so each $a is a heading of its own.
 */
export const SUBJECT_TAGS = [
  '600', '610', '611', '630', '647', '648', '650', '651', '653', '654', '655', '656', '657', '658', '662',
] as const; // prettier-ignore

const KIND_BY_TAG: Record<string, Subject['kind']> = {
  '600': 'person',
  '610': 'corporate',
  '611': 'meeting',
  '630': 'title',
  '648': 'chronological',
  '650': 'topic',
  '651': 'geographic',
  '654': 'topic',
  '655': 'genre',
  '662': 'geographic',
};

/** 653 ind2 says what kind of uncontrolled term it is. */
const KIND_653: Record<string, Subject['kind']> = {
  '0': 'topic',
  '1': 'person',
  '2': 'corporate',
  '3': 'meeting',
  '4': 'chronological',
  '5': 'geographic',
  '6': 'genre',
};

/** 6XX ind2: the thesaurus; 7 means "named in $2". */
const SOURCE_BY_IND2: Record<string, string> = {
  '0': 'lcsh',
  '1': 'lcshac',
  '2': 'mesh',
  '3': 'nal',
  '5': 'cash',
  '6': 'rvm',
};

const SUBDIVISIONS = 'vxyz';
/** Not part of a heading: relators ($e, $4 and $j in 611), materials ($3) and control subfields. */
const NOT_HEADING = '0123456789e';

/** The heading text of one 6XX field (or an 880 standing in for one). */
export function subjectHeading(field: DataField): string | undefined {
  const main: string[] = [];
  const subdivisions: string[] = [];
  const skip = field.tag === '611' ? `${NOT_HEADING}j` : NOT_HEADING;
  for (const sf of field.subfields) {
    if (SUBDIVISIONS.includes(sf.code)) pushPart(subdivisions, sf.value);
    else if (!skip.includes(sf.code)) main.push(sf.value.trim());
  }
  const head = trimPunctuation(main.join(' '));
  const parts = head ? [head, ...subdivisions] : subdivisions;
  return parts.length > 0 ? parts.join(' -- ') : undefined;
}

function pushPart(parts: string[], value: string): void {
  const part = trimPunctuation(value);
  if (part) parts.push(part);
}

export function subjectsOf(fields: readonly DataField[]): Subject[] {
  const out: Subject[] = [];
  for (const field of fields) {
    const kind = kindOf(field);
    const source = sourceOf(field);
    const headings = field.tag === '653' ? uncontrolledTerms(field) : [subjectHeading(field)];
    for (const heading of headings) {
      if (!heading || out.some((s) => s.heading === heading && s.kind === kind)) continue;
      out.push(source ? { heading, kind, source } : { heading, kind });
    }
  }
  return out;
}

function kindOf(field: DataField): Subject['kind'] {
  if (field.tag === '653') return KIND_653[field.ind2] ?? 'other';
  return KIND_BY_TAG[field.tag] ?? 'other';
}

function sourceOf(field: DataField): string | undefined {
  if (field.tag === '653') return undefined;
  if (field.ind2 === '7') {
    const named = field.subfields.find((sf) => sf.code === '2')?.value.trim();
    return named ? named : undefined;
  }
  return SOURCE_BY_IND2[field.ind2];
}

function uncontrolledTerms(field: DataField): (string | undefined)[] {
  return field.subfields.filter((sf) => sf.code === 'a').map((sf) => trimPunctuation(sf.value) || undefined);
}

/**
 * Facet values from the same 6XX fields, in one pass shared by the four facet rules: the main
 * term of each heading goes to the facet of its tag, and every subdivision to the facet of its
 * kind ($x topics, $v genres, $z places, $y eras). 653 and 662 hold one term per subfield.
 */
export interface SubjectFacets {
  topics: string[];
  genres: string[];
  geographic: string[];
  eras: string[];
}
type Facet = keyof SubjectFacets;

const FACET_MAIN: Record<string, { facet: Facet; codes: string; each?: boolean }> = {
  '600': { facet: 'topics', codes: 'abcdq' },
  '610': { facet: 'topics', codes: 'ab' },
  '611': { facet: 'topics', codes: 'acdn' },
  '630': { facet: 'topics', codes: 'adfklmnoprst' },
  '648': { facet: 'eras', codes: 'a' },
  '650': { facet: 'topics', codes: 'a' },
  '651': { facet: 'geographic', codes: 'a' },
  '654': { facet: 'topics', codes: 'a' },
  '655': { facet: 'genres', codes: 'a' },
  '656': { facet: 'topics', codes: 'a' },
  '662': { facet: 'geographic', codes: 'abcdfgh', each: true },
};
const FACET_653: Record<string, Facet> = {
  ' ': 'topics',
  '0': 'topics',
  '4': 'eras',
  '5': 'geographic',
  '6': 'genres',
};
const SUBDIVISION_FACET: Record<string, Facet> = { x: 'topics', v: 'genres', z: 'geographic', y: 'eras' };
const FACET_TAGS = tagList(SUBJECT_TAGS);
const FACETS = memoSlot<SubjectFacets>('subjectFacets');

export function subjectFacetsOf(view: RecordView): SubjectFacets {
  const out: SubjectFacets = { topics: [], genres: [], geographic: [], eras: [] };
  for (const field of view.fieldsOf(FACET_TAGS)) {
    const main =
      field.tag === '653' ? { facet: FACET_653[field.ind2], codes: 'a', each: true } : FACET_MAIN[field.tag];
    const parts: string[] = [];
    // The main term comes before its subdivisions, so it is filed when the first one turns up.
    const flush = () => {
      if (main?.facet && parts.length > 0) pushUnique(out[main.facet], trimPunctuation(parts.join(' ')));
      parts.length = 0;
    };
    for (const sf of field.subfields) {
      const subdivision = SUBDIVISION_FACET[sf.code];
      if (subdivision) {
        flush();
        pushUnique(out[subdivision], trimPunctuation(sf.value));
      } else if (main?.facet && main.codes.includes(sf.code)) {
        if (main.each) pushUnique(out[main.facet], trimPunctuation(sf.value));
        else parts.push(sf.value.trim());
      }
    }
    flush();
  }
  return out;
}

export const SUBJECT_MACROS: Record<string, MacroDefinition> = {
  subjects: {
    kind: 'subjects',
    description: 'full 6XX headings, subdivisions joined with " -- ", with kind and thesaurus',
    compile: (options) => {
      allowOptions(options, ['tags']);
      const tags = tagsOption(options, 'tags', SUBJECT_TAGS);
      return (view: RecordView) => subjectsOf(view.fieldsOf(tags));
    },
  },
  subjectFacets: {
    kind: 'strings',
    description:
      'facet values (facet: topics, genres, geographic or eras) from 6XX main terms and subdivisions',
    compile: (options) => {
      allowOptions(options, ['facet']);
      const facet = oneOfOption(options, 'facet', ['topics', 'genres', 'geographic', 'eras'] as const);
      return (view: RecordView) => view.memo(FACETS, subjectFacetsOf)[facet];
    },
  },
};
