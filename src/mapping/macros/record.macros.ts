import { contentHashId } from '../content-id';
import type { RecordView } from '../record-view';
import { allowOptions, type MacroDefinition } from './macro';

/**
 * The record's id: "(003)001" when both are present, the bare 001 without a 003, a content hash
 * without a 001. White space is trimmed and inner runs collapse to one space, so "  92021617 " and
 * "92021617" are one record across re-ingests.
 */
export function recordId(view: RecordView): string {
  const control = clean(view.control('001'));
  if (!control) return contentHashId(view.record);
  const org = clean(view.control('003'));
  return org ? `(${org})${control}` : control;
}

function clean(value: string | undefined): string | undefined {
  const s = value?.replace(/\s+/g, ' ').trim();
  return s ? s : undefined;
}

export const RECORD_MACROS: Record<string, MacroDefinition> = {
  recordId: {
    kind: 'strings',
    description: '(003)001, the 001 alone, or sha1-<hash> when there is no 001',
    compile: (options) => {
      allowOptions(options, []);
      return (view) => [recordId(view)];
    },
  },
  deleted: {
    kind: 'boolean',
    description: 'leader/05 is d',
    compile: (options) => {
      allowOptions(options, []);
      return (view) => view.leaderAt(5) === 'd';
    },
  },
};
