import type { DataField, MarcRecord } from '../../marc/record';
import { authorOf } from '../../mapping/macros/author.macros';
import { trimPunctuation } from '../../mapping/transforms/punctuation.transform';
import type { CslName, CslNameRole } from './csl-item';

/**
 * Relator terms ($e, $j) and codes ($4) → the CSL name variable they put a name under. Terms are
 * compared lower-cased without trailing punctuation, as catalogues write them ("editor.", "ed.").
 * Roles not listed (publisher, printer, former owner, dedicatee …) are not cited.
 */
const RELATORS: Readonly<Record<string, CslNameRole>> = {
  aut: 'author',
  author: 'author',
  cre: 'author',
  creator: 'author',
  ctg: 'author',
  cartographer: 'author',
  edt: 'editor',
  edc: 'editor',
  ed: 'editor',
  editor: 'editor',
  'editor of compilation': 'editor',
  trl: 'translator',
  tr: 'translator',
  translator: 'translator',
  ill: 'illustrator',
  illustrator: 'illustrator',
  cmp: 'composer',
  composer: 'composer',
  drt: 'director',
  fmd: 'director',
  director: 'director',
  'film director': 'director',
  com: 'compiler',
  comp: 'compiler',
  compiler: 'compiler',
  prf: 'performer',
  performer: 'performer',
  cnd: 'performer',
  conductor: 'performer',
  sng: 'performer',
  singer: 'performer',
  itr: 'performer',
  instrumentalist: 'performer',
  pro: 'producer',
  fmp: 'producer',
  producer: 'producer',
  nrt: 'narrator',
  narrator: 'narrator',
};

/** Roles that stand in for an author in a citation ("Smith, J. (Ed.)"), even on a main entry. */
const AUTHOR_LIKE: readonly CslNameRole[] = ['editor', 'compiler', 'translator'];

export type CslNames = Partial<Record<CslNameRole, CslName[]>>;

/**
 * The names a citation lists, by role, in record order: 1XX and 7XX, but not a 7XX that names
 * another work (`$t`: a name/title added entry is a related work, not a contributor), nor 880s
 * (the romanised heading is the one cited). The main entry is the author unless its relators say
 * it edited, compiled or translated; an added person without relators is a co-author (AACR2
 * records give none); an added body or meeting without relators is an issuing body, not cited.
 */
export function cslNamesOf(record: MarcRecord): CslNames {
  const names: CslNames = {};
  for (const field of record.getDataFields('100', '110', '111', '700', '710', '711')) {
    if (field.subfields.some((s) => s.code === 't')) continue;
    const author = authorOf(field);
    if (!author) continue;
    const roles = rolesFor(author.roles, author.primary, author.kind === 'person');
    if (roles.length === 0) continue;
    const name = author.kind === 'person' ? personName(field) : { literal: author.name };
    if (!name) continue;
    for (const role of roles) {
      const list = (names[role] ??= []);
      if (!list.some((n) => sameName(n, name))) list.push(name);
    }
  }
  return names;
}

function rolesFor(given: readonly string[], primary: boolean, person: boolean): CslNameRole[] {
  const mapped = [...new Set(given.map((r) => RELATORS[relatorKey(r)]).filter((r) => r !== undefined))];
  if (primary) {
    const standIns = mapped.filter((r) => AUTHOR_LIKE.includes(r));
    return standIns.length > 0 && !mapped.includes('author') ? standIns : ['author'];
  }
  if (given.length === 0) return person ? ['author'] : [];
  return mapped;
}

function relatorKey(role: string): string {
  return role
    .toLowerCase()
    .replace(/[.,;:\s]+$/, '')
    .trim();
}

/**
 * A surname heading (ind1 1, or a careless blank) is split at its first comma: "Tolstoy, Leo" → family and given.
 * Forenames (ind1 0, "Homer", "John Paul II") and family names (ind1 3) are literals: a style
 * must not invert or abbreviate them. Titles and dates ($c, $d) are not part of a cited name.
 */
function personName(field: DataField): CslName | undefined {
  const a = field.subfields.find((s) => s.code === 'a')?.value;
  if (!a) return undefined;
  const heading = trimPunctuation(a);
  const comma = heading.indexOf(',');
  if (field.ind1 === '0' || field.ind1 === '3' || comma < 0) {
    const b = field.subfields.find((s) => s.code === 'b')?.value;
    return { literal: trimPunctuation(b ? `${heading} ${b}` : heading) };
  }
  const family = heading.slice(0, comma).trim();
  const given = withoutFinalPeriod(trimPunctuation(heading.slice(comma + 1)));
  return given ? { family, given } : { family };
}

/**
 * The heading's closing period, which trimPunctuation keeps after a word it cannot tell from an
 * abbreviation (one with combining marks: "वीरेन्द्रविक्रम."); an initial ("Jane A.") keeps it.
 */
function withoutFinalPeriod(given: string): string {
  return given.endsWith('.') && !/(^|[\s.])\p{L}\.$/u.test(given) ? given.slice(0, -1).trimEnd() : given;
}

function sameName(a: CslName, b: CslName): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
