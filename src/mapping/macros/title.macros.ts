import type { DataField } from '../../marc/record';
import type { RecordView } from '../record-view';
import { trimPunctuation, trimTrailingIsbd } from '../transforms/punctuation.transform';
import { titleSortKey } from '../transforms/sort-key.transform';
import { allowOptions, MacroOptionError, type MacroDefinition, type MacroOptions } from './macro';

/**
 * A title from the first field with the tag: the chosen subfields, each without the ISBD mark
 * that introduced a subfield left out ("Cyllidebau ysgolion =" before a skipped $b), joined,
 * then trimmed. Several rules can chain fallbacks: 245, then 240, 130, 246, 740.
 */
export function titleOf(view: RecordView, tag: string, codes: string): string | undefined {
  const field = view.fields(tag)[0];
  if (!field) return undefined;
  const title = trimPunctuation(joinCodes(field, codes));
  return title || undefined;
}

/** Where each title field keeps its count of non-filing characters. */
const NON_FILING: Record<string, 'ind1' | 'ind2' | undefined> = {
  '245': 'ind2',
  '240': 'ind2',
  '130': 'ind1',
  '246': undefined,
  '730': 'ind1',
  '740': 'ind1',
};

/**
 * The sort key of the first title field present (245, else 240, 130, 246, 740), its non-filing
 * characters skipped.
 */
export function titleSort(view: RecordView, codes: string): string | undefined {
  for (const tag of ['245', '240', '130', '246', '740']) {
    const field = view.fields(tag)[0];
    const text = field ? joinCodes(field, tag === '245' ? codes : 'anp') : '';
    if (!field || !text) continue;
    const indicator = NON_FILING[tag];
    const count = indicator ? field[indicator] : '0';
    const key = titleSortKey(text, /^[0-9]$/.test(count) ? Number(count) : 0);
    if (key) return key;
  }
  return undefined;
}

/** The chosen subfields, each without the ISBD mark that introduces the next, joined with spaces. */
function joinCodes(field: DataField, codes: string): string {
  let out = '';
  for (const sf of field.subfields) {
    if (!codes.includes(sf.code)) continue;
    const part = trimTrailingIsbd(sf.value);
    if (part) out = out ? `${out} ${part}` : part;
  }
  return out;
}

function codesOption(options: MacroOptions, fallback: string): string {
  const codes = options.subfields ?? fallback;
  if (typeof codes !== 'string' || !/^[a-z0-9]+$/.test(codes)) {
    throw new MacroOptionError(
      `option "subfields" must be subfield codes like "abnp", not ${JSON.stringify(codes)}`,
    );
  }
  return codes;
}

export const TITLE_MACROS: Record<string, MacroDefinition> = {
  title: {
    kind: 'strings',
    description: 'a title from the first field with the tag (default 245) and subfields (default afgknps)',
    compile: (options) => {
      allowOptions(options, ['tag', 'subfields']);
      const tag = options.tag ?? '245';
      if (typeof tag !== 'string' || !/^[0-9]{3}$/.test(tag)) {
        throw new MacroOptionError(
          `option "tag" must be a data field tag like "245", not ${JSON.stringify(tag)}`,
        );
      }
      const codes = codesOption(options, 'afgknps');
      return (view) => {
        const title = titleOf(view, tag, codes);
        return title === undefined ? [] : [title];
      };
    },
  },
  titleSort: {
    kind: 'strings',
    description:
      'the title (245 subfields option, default abfgknps; else 240/130/246/740) folded for sorting',
    compile: (options) => {
      allowOptions(options, ['subfields']);
      const codes = codesOption(options, 'abfgknps');
      return (view) => {
        const key = titleSort(view, codes);
        return key === undefined ? [] : [key];
      };
    },
  },
};
