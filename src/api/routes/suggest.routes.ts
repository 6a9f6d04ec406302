import type { SuggestService } from '../../services/suggest.service';
import { queryOf, type RouteKit } from './route-kit';

/** GET /suggest: autocomplete over titles, authors and subjects. */
export function suggestRoutes(kit: RouteKit, suggest: SuggestService): void {
  kit.add('suggest', async (_req, res) => {
    const { q, limit } = queryOf(res, 'suggest');
    res.json(await suggest.suggest(q, limit));
  });
}
