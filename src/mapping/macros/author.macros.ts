import type { Author } from '../../domain/catalog-document';
import type { DataField } from '../../marc/record';
import type { RecordView } from '../record-view';
import { trimPunctuation } from '../transforms/punctuation.transform';
import { allowOptions, pushUnique, tagsOption, type MacroDefinition } from './macro';

/**
 * Names from 1XX (main entry, primary) and 7XX (added entries). Which subfields make the name
 * depends on the kind of name (MARC 21 X00/X10/X11); the dates of a person ($d) are kept apart,
 * relator terms ($e, or $j for meetings) and codes ($4) become roles. A title portion ($t …) of a
 * name/title added entry is not part of the name.
 */
interface NameShape {
  kind: Author['kind'];
  name: string;
  relators: string;
}

const SHAPES: Record<string, NameShape> = {
  '00': { kind: 'person', name: 'abcq', relators: 'e4' },
  '10': { kind: 'corporate', name: 'abcdgn', relators: 'e4' },
  '11': { kind: 'meeting', name: 'acdegnq', relators: 'j4' },
};

export const AUTHOR_TAGS = ['100', '110', '111', '700', '710', '711'] as const;

export function authorOf(field: DataField): Author | undefined {
  const shape = SHAPES[field.tag.slice(1)];
  if (!shape) return undefined;
  const parts: string[] = [];
  const roles: string[] = [];
  let dates: string | undefined;
  for (const sf of field.subfields) {
    if (shape.name.includes(sf.code)) parts.push(sf.value.trim());
    else if (shape.relators.includes(sf.code)) pushUnique(roles, trimPunctuation(sf.value));
    else if (sf.code === 'd' && shape.kind === 'person')
      dates ??= trimPunctuation(withoutOldCatalogNote(sf.value));
  }
  const name = trimPunctuation(withoutOldCatalogNote(parts.join(' ')));
  if (!name) return undefined;
  const author: Author = { name, roles, kind: shape.kind, primary: field.tag[0] === '1', heading: name };
  if (dates) {
    author.dates = dates;
    author.heading = `${name}, ${dates}`;
  }
  return author;
}

/** LC's pre-1980 records tag unverified headings "[from old catalog]"; it is not part of the name. */
function withoutOldCatalogNote(value: string): string {
  return value.includes('[from old catalog]')
    ? value.replace(/\s*\[from old catalog\]\s*/g, ' ').trim()
    : value;
}

/** Authors in record order; a name that appears twice is listed once, with the roles of both. */
export function authorsOf(fields: readonly DataField[]): Author[] {
  const out: Author[] = [];
  for (const field of fields) {
    const author = authorOf(field);
    if (!author) continue;
    const same = out.find((a) => a.heading === author.heading && a.kind === author.kind);
    if (!same) {
      out.push(author);
      continue;
    }
    for (const role of author.roles) pushUnique(same.roles, role);
    same.primary ||= author.primary;
  }
  return out;
}

export const AUTHOR_MACROS: Record<string, MacroDefinition> = {
  authors: {
    kind: 'authors',
    description:
      'people, bodies and meetings from 100/110/111 (primary) and 700/710/711, with dates and roles',
    compile: (options) => {
      allowOptions(options, ['tags']);
      const tags = tagsOption(options, 'tags', AUTHOR_TAGS);
      return (view: RecordView) => authorsOf(view.fieldsOf(tags));
    },
  },
};
