export { createMapper, type Mapper, type MapRecord } from './mapper';
export {
  toField,
  extract,
  macro,
  type MappingProfile,
  type MappingRule,
  type DocumentField,
} from './profile';
export { contentHash, contentHashId, canonicalRecordText } from './content-id';
export { trimPunctuation } from './transforms/punctuation.transform';
export { sortKey, titleSortKey, foldText } from './transforms/sort-key.transform';
export { MACROS } from './macros/macro.registry';
export { TRANSFORM_NAMES } from './transforms/transform.registry';
export { FORMATS, type Format } from './macros/format.table';
export type { HoldingsProfile, HoldingsFieldRule, HoldingsRole } from './holdings/holdings-profile';
export { isHoldingsRecord, type HoldingsExtractor } from './holdings/holdings-extractor';
