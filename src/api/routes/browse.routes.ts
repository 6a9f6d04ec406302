import type { SearchService } from '../../services/search.service';
import { pathOf, queryOf, type RouteKit } from './route-kit';

/** GET /browse/{index}: headings in index order around `from`. */
export function browseRoutes(kit: RouteKit, search: SearchService): void {
  kit.add('browse', async (_req, res) => {
    const { index } = pathOf(res, 'browse');
    const { from, before, after, scheme } = queryOf(res, 'browse');
    res.json(await search.browse({ index, from: from ?? '', before, after, ...(scheme ? { scheme } : {}) }));
  });
}
