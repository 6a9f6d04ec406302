import type { RecordView } from '../record-view';
import {
  CONTINUING_DEFAULT,
  FORM_AT_29,
  FORMAT_BY_007,
  FORMAT_BY_CONTINUING_TYPE,
  FORMAT_BY_TYPE,
  MANUSCRIPT_TYPES,
  MICROFORM_FORMS,
  ONLINE_FORMS,
  STILL_IMAGE_VISUALS,
  THESIS_CONTENT,
  type Format,
} from './format.table';
import { allowOptions, type MacroDefinition } from './macro';

/**
 * Formats of a record, primary first (see format.table.ts and docs/mapping.md). Never empty:
 * a record nothing recognises is "Other", so facet counts add up to the record count.
 */
export function formatsOf(view: RecordView): Format[] {
  const type = view.leaderAt(6);
  const f008 = view.control('008') ?? '';
  const c007 = view.controlsOf('007');
  const form = f008[FORM_AT_29.includes(type) ? 29 : 23] ?? ' ';
  const out: Format[] = [];
  add(out, primaryFormat(view, type, f008, c007, form));
  if (MANUSCRIPT_TYPES.includes(type)) add(out, 'Manuscript');
  if (isThesis(view, type, f008)) add(out, 'Thesis');
  if (MICROFORM_FORMS.includes(form) || c007.some((c) => c[0] === 'h')) add(out, 'Microform');
  if (out.length === 0) out.push('Other');
  return out;
}

function primaryFormat(
  view: RecordView,
  type: string,
  f008: string,
  c007: readonly string[],
  form: string,
): Format | undefined {
  if (type === 'a' || type === 't') return textFormat(view, type, f008, c007, form);
  if (type === 'g') return STILL_IMAGE_VISUALS.includes(f008[33] ?? ' ') ? 'Image' : 'Video';
  const byType = FORMAT_BY_TYPE[type];
  if (byType) return byType;
  for (const c of c007) {
    const byCategory = FORMAT_BY_007[c[0] ?? ''];
    if (byCategory) return byCategory;
  }
  return undefined;
}

/** Language material: by bibliographic level, then 008/21 for serials, then online or not. */
function textFormat(
  view: RecordView,
  type: string,
  f008: string,
  c007: readonly string[],
  form: string,
): Format | undefined {
  const level = view.leaderAt(7);
  if (level === 's' || level === 'i') {
    return FORMAT_BY_CONTINUING_TYPE[f008[21] ?? ' '] ?? CONTINUING_DEFAULT[level];
  }
  if (level === 'b') return 'Article';
  if (type === 't') return undefined; // a manuscript text is a Manuscript, not a Book
  const online = ONLINE_FORMS.includes(form) || c007.some((c) => c[0] === 'c' && c[1] === 'r');
  return online ? 'eBook' : 'Book';
}

function isThesis(view: RecordView, type: string, f008: string): boolean {
  if (view.fields('502').length > 0) return true;
  return (type === 'a' || type === 't') && f008.slice(24, 28).includes(THESIS_CONTENT);
}

function add(out: Format[], format: Format | undefined): void {
  if (format && !out.includes(format)) out.push(format);
}

export const FORMAT_MACROS: Record<string, MacroDefinition> = {
  formats: {
    kind: 'strings',
    description: 'controlled formats from leader/06-07, 008 and 007 (Book, eBook, Journal, Map …)',
    compile: (options) => {
      allowOptions(options, []);
      return formatsOf;
    },
  },
};
