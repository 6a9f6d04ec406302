import type { SearchService } from '../../services/search.service';
import type { components } from '../openapi.generated';
import { pathOf, queryOf, type RouteKit } from './route-kit';

type BrowseResult = components['schemas']['BrowseResult'];

/** GET /browse/{index}: headings in index order around `from`. */
export function browseRoutes(kit: RouteKit, search: SearchService): void {
  kit.add('browse', async (_req, res) => {
    const { index } = pathOf(res, 'browse');
    const { from, before, after, scheme } = queryOf(res, 'browse');
    // Typed as the spec's BrowseResult, so tsc checks the service's shape against it.
    const result: BrowseResult = await search.browse({
      index,
      from: from ?? '',
      before,
      after,
      ...(scheme ? { scheme } : {}),
    });
    res.json(result);
  });
}
