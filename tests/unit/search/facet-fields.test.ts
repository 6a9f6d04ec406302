import type { components } from '../../../src/api/openapi.generated';
import { loadSpec } from '../../../src/api/openapi/openapi.spec';
import { KEYWORD_FACETS } from '../../../src/search/elastic/index-settings';
import { FACET_FIELDS, type FacetField } from '../../../src/search/port';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// A field added on one side only fails `tsc` (npm run check), not just this test.
const sameAsSpec: Same<FacetField, components['schemas']['FacetField']> = true;

describe('facet fields', () => {
  test('when openapi.yaml lists the FacetField enum, then it is FACET_FIELDS in the same order', () => {
    const schemas = (loadSpec().document.components as { schemas: Record<string, { enum?: string[] }> })
      .schemas;
    expect(schemas.FacetField?.enum).toEqual([...FACET_FIELDS]);
    expect(sameAsSpec).toBe(true);
  });

  test('when the engine index holds facets as keywords, then they are every facet field but year', () => {
    expect(KEYWORD_FACETS).toEqual([
      'format',
      'language',
      'topic',
      'genre',
      'geographic',
      'era',
      'author',
      'publisher',
      'series',
      'local',
      'availability',
      'location',
      'library',
    ]);
  });
});
