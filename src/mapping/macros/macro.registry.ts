import { AUTHOR_MACROS } from './author.macros';
import { DESCRIPTION_MACROS } from './description.macros';
import { FORMAT_MACROS } from './format.macros';
import { IDENTIFIER_MACROS } from './identifier.macros';
import type { MacroDefinition } from './macro';
import { PUBLICATION_MACROS } from './publication.macros';
import { RECORD_MACROS } from './record.macros';
import { SUBJECT_MACROS } from './subject.macros';
import { TITLE_MACROS } from './title.macros';
import { VERNACULAR_MACROS } from './vernacular.macros';

/** Every macro a profile can name, like traject's Marc21 and Marc21Semantics macros. */
export const MACROS: Readonly<Record<string, MacroDefinition>> = {
  ...RECORD_MACROS,
  ...TITLE_MACROS,
  ...AUTHOR_MACROS,
  ...SUBJECT_MACROS,
  ...IDENTIFIER_MACROS,
  ...PUBLICATION_MACROS,
  ...FORMAT_MACROS,
  ...DESCRIPTION_MACROS,
  ...VERNACULAR_MACROS,
};
