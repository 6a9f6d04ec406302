import { databases } from './databases';
import { drama } from './drama';
import { fictionAmerican } from './fiction-american';
import { fictionAsian } from './fiction-asian';
import { fictionEnglish } from './fiction-english';
import { fictionEnglishGenre } from './fiction-english-genre';
import { fictionEuropean } from './fiction-european';
import { fictionFrench } from './fiction-french';
import { fictionRussian } from './fiction-russian';
import { history } from './history';
import { maps } from './maps';
import { philosophyScience } from './philosophy-science';
import { poetryEnglish } from './poetry-english';
import { poetryWorld } from './poetry-world';
import { recordings } from './recordings';
import type { SampleSection } from './sample-entry';
import { scores } from './scores';
import { serials } from './serials';

/**
 * Every section of the sample catalog, in the order the records are written. Control numbers are
 * `stk` + the section's base + the entry's position, so add entries at the end of a section to keep
 * the others' ids.
 */
export const SECTIONS: readonly SampleSection[] = [
  fictionEnglish,
  fictionEnglishGenre,
  fictionAmerican,
  fictionFrench,
  fictionEuropean,
  fictionRussian,
  fictionAsian,
  drama,
  poetryEnglish,
  poetryWorld,
  history,
  philosophyScience,
  maps,
  scores,
  recordings,
  serials,
  databases,
];
