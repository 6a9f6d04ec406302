import type { SuggestService } from '../../services/suggest.service';
import type { components } from '../openapi.generated';
import { queryOf, type RouteKit } from './route-kit';

type SuggestResult = components['schemas']['SuggestResult'];

/** GET /suggest: autocomplete over titles, authors and subjects. */
export function suggestRoutes(kit: RouteKit, suggest: SuggestService): void {
  kit.add('suggest', async (_req, res) => {
    const { q, limit } = queryOf(res, 'suggest');
    // Typed as the spec's SuggestResult, so tsc checks the service's shape against it.
    const result: SuggestResult = await suggest.suggest(q, limit);
    res.json(result);
  });
}
