import type { estypes } from '@elastic/elasticsearch';
import { TEXT_FIELDS } from '../common/text-fields';
import { FACET_FIELDS, type FacetField } from '../port';
import { MAX_LIMIT, MAX_OFFSET } from '../common/validate-request';

/**
 * Settings and mappings of one physical index. Bump MAPPING_VERSION whenever a field, an analyzer
 * or the JS folding changes: the index is derived data, so one built by another version is
 * refused (`search_index_version`) and rebuilt with `stacks reindex`, never read half-compatible.
 *
 * Folding and tokenising happen in JS (document-source.ts, with search/common's fold, as in the
 * embedded adapter), so both adapters agree exactly and no ICU plugin is needed. The engine only
 * splits the pre-folded text on spaces; `lowercase` is a no-op on it, kept so a hand-typed query in
 * a console still matches.
 */
export const MAPPING_VERSION = 2;

export type KeywordFacet = Exclude<FacetField, 'year'>;

/** Facet fields held as keywords under `facet.*`: all but year, which is the numeric `year` field. */
export const KEYWORD_FACETS: readonly KeywordFacet[] = FACET_FIELDS.filter(
  (field): field is KeywordFacet => field !== 'year',
);

/** Browse indexes as `key \u0001 heading` keywords (browse.ts explains the encoding). */
export const BROWSE_FIELDS = ['author', 'subject', 'title', 'callnumber'] as const;

/**
 * from + size may reach the deepest offset plus one page and the look-ahead hit; the default
 * window (10,000) is one page short.
 */
export const MAX_RESULT_WINDOW = MAX_OFFSET + MAX_LIMIT + 1;

const ASCII_UPPER = Array.from({ length: 26 }, (_, i) => {
  const upper = String.fromCharCode(65 + i);
  return `${upper} => ${upper.toLowerCase()}`;
});

export interface IndexSettingsOptions {
  /** Replicas; default `0-1` auto-expanded, so a second node gets a copy and one node stays green. */
  replicas?: number;
  /** `-1` while a new index is bulk-loaded (reindex), restored afterwards. */
  refreshInterval?: string;
}

export function indexSettings(options: IndexSettingsOptions = {}): estypes.IndicesIndexSettings {
  return {
    // One shard: exact facet counts and top-N, and one set of term statistics, so relevance ties
    // and cursors behave as in the embedded index. A catalogue of millions fits one shard.
    number_of_shards: 1,
    ...(options.replicas === undefined
      ? { auto_expand_replicas: '0-1' }
      : { number_of_replicas: options.replicas }),
    ...(options.refreshInterval !== undefined && { refresh_interval: options.refreshInterval }),
    max_result_window: MAX_RESULT_WINDOW,
    analysis: {
      analyzer: {
        stacks_folded: { type: 'custom', tokenizer: 'whitespace', filter: ['lowercase'] },
      },
      char_filter: {
        // Facet values compare ASCII-case-insensitively, exactly like the embedded index's term
        // ids; the `lowercase` filter would also fold non-ASCII letters.
        stacks_ascii_lower: { type: 'mapping', mappings: ASCII_UPPER },
      },
      normalizer: {
        stacks_ascii_lower: { type: 'custom', char_filter: ['stacks_ascii_lower'], filter: [] },
      },
    },
  };
}

const KEYWORD: estypes.MappingProperty = { type: 'keyword' };

function textField(prefixes: boolean): estypes.MappingProperty {
  return {
    type: 'text',
    analyzer: 'stacks_folded',
    // `word*` on the main fields (and suggest) reads one term of a prefix field instead of
    // expanding every term that starts so.
    ...(prefixes && { index_prefixes: { min_chars: 1, max_chars: 5 } }),
  };
}

function facetField(): estypes.MappingProperty {
  return { type: 'keyword', fields: { key: { type: 'keyword', normalizer: 'stacks_ascii_lower' } } };
}

function objectOf(names: readonly string[], make: () => estypes.MappingProperty): estypes.MappingProperty {
  return { type: 'object', properties: Object.fromEntries(names.map((n) => [n, make()])) };
}

export function indexMappings(): estypes.MappingTypeMapping {
  return {
    // Strict: a field the adapter does not know about is a bug, not something to guess a type for.
    dynamic: 'strict',
    _meta: { stacks: { mappingVersion: MAPPING_VERSION } },
    properties: {
      id: KEYWORD,
      control_number: KEYWORD,
      year: { type: 'integer' },
      ...Object.fromEntries(
        TEXT_FIELDS.map((f) => [f, textField(f === 'title' || f === 'author' || f === 'subject')]),
      ),
      /** Identifier tokens (`isbn9780306406157`, `cnc05` …), shared with the embedded index. */
      ids: KEYWORD,
      /** Call numbers in compact form, searched left-anchored. */
      call_forms: KEYWORD,
      facet: objectOf(KEYWORD_FACETS, facetField),
      /** Folded keys of language and format values, for `language:fr*`. */
      facet_prefix: objectOf(['format', 'language'], () => KEYWORD),
      sort: objectOf(['title', 'author', 'callnumber'], () => KEYWORD),
      browse: objectOf(BROWSE_FIELDS, () => KEYWORD),
      // What a hit shows and what highlights mark: kept in _source, never indexed.
      display: { type: 'object', enabled: false },
      /** The copies' summary a hit carries (its facets are facet.availability, .location, .library). */
      availability: { type: 'object', enabled: false },
      texts: { type: 'object', enabled: false },
    },
  };
}
