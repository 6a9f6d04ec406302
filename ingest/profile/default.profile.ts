import { extract, macro, toField, type MappingProfile } from '../../src/mapping/profile';
import { defaultHoldings } from './default-holdings.profile';

/**
 * The default MARC 21 bibliographic → CatalogDocument profile. Rules are data, compiled once by
 * createMapper; several rules may fill one field (lists gather values in rule order, a single
 * value keeps the first rule's). docs/mapping.md explains every field.
 */
export const defaultProfile: MappingProfile = {
  name: 'default',
  rules: [
    toField('id', macro('recordId')),
    toField('controlNumber', extract('001'), 'collapseWhitespace'),
    toField('deleted', macro('deleted')),
    toField('recordType', extract('LDR[6]')),
    toField('bibLevel', extract('LDR[7]')),

    // A single-valued field keeps the first rule's value: these are fallbacks, in order.
    toField('title', macro('title', { tag: '245', subfields: 'afgknps' })),
    toField('title', macro('title', { tag: '245', subfields: 'b' })),
    toField('title', macro('title', { tag: '240', subfields: 'anp' })),
    toField('title', macro('title', { tag: '130', subfields: 'anp' })),
    toField('title', macro('title', { tag: '246', subfields: 'anp' })),
    toField('title', macro('title', { tag: '740', subfields: 'anp' })),
    toField('subtitle', extract('245b'), 'trimPunctuation'),
    toField('responsibility', extract('245c'), 'trimPunctuation', 'collapseWhitespace'),
    toField('titleSort', macro('titleSort')),
    toField(
      'alternativeTitles',
      extract('130adfgklmnoprst:240adfgklmnoprs:246abfgnp:730adfgklmnoprst:740anp'),
      'trimPunctuation',
    ),

    toField('authors', macro('authors')),
    toField('subjects', macro('subjects')),
    toField('topics', macro('subjectFacets', { facet: 'topics' })),
    toField('genres', macro('subjectFacets', { facet: 'genres' })),
    toField('geographic', macro('subjectFacets', { facet: 'geographic' })),
    toField('eras', macro('subjectFacets', { facet: 'eras' })),

    toField('isbns', macro('isbns')),
    toField('issns', macro('issns')),
    toField('lccns', macro('lccns')),
    toField('oclcNumbers', macro('oclcNumbers')),

    toField('publishers', macro('imprint', { part: 'publisher' })),
    toField('places', macro('imprint', { part: 'place' })),
    toField('publicationDates', macro('imprint', { part: 'date' })),
    toField('year', macro('year')),
    toField('yearEnd', macro('year', { end: true })),

    toField('languages', macro('languages')),
    toField('formats', macro('formats')),
    toField('physicalDescription', extract('300abcefg3'), 'trimPunctuation'),
    toField('series', macro('series')),
    toField('summary', extract('520ab'), 'collapseWhitespace'),
    toField('contents', extract('505agrt'), 'collapseWhitespace', 'trimPunctuation'),
    toField('links', macro('links')),
    toField('callNumbers', macro('callNumbers')),
    toField('vernacular', macro('vernacular')),
  ],
  holdings: defaultHoldings,
};
