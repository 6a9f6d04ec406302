export { normalizeIsbn, isValidIsbn10, isValidIsbn13, isbn10To13, isbn13To10 } from './isbn.normalizer';
export type { NormalizedIsbn } from './isbn.normalizer';
export { normalizeIssn, isValidIssn } from './issn.normalizer';
export type { NormalizedIssn } from './issn.normalizer';
export { normalizeLccn, isValidLccn } from './lccn.normalizer';
export { normalizeOclc, isMarkedOclc } from './oclc.normalizer';
