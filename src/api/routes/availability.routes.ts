import type { LocationDirectory } from '../../domain/items/locations';
import { AppError } from '../../errors/app-error';
import type { AvailabilityService } from '../../services/availability.service';
import { DAIA_VERSION, daiaResponse } from '../presenters/daia.presenter';
import { locationListJson } from '../presenters/item.presenter';
import { queryOf, type RouteKit } from './route-kit';

/** At most this many record ids per DAIA request: a page of hits is 20–100. */
export const MAX_AVAILABILITY_IDS = 100;

/** DAIA availability and the locations file: what other systems and front ends read. */
export function availabilityRoutes(
  kit: RouteKit,
  availability: AvailabilityService,
  locations: LocationDirectory,
): void {
  kit.add('availability', async (_req, res) => {
    const ids = requestIds(queryOf(res, 'availability').id);
    const records = await availability.copies(ids);
    res
      .setHeader('X-DAIA-Version', DAIA_VERSION)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(daiaResponse(records, locations, new Date().toISOString())));
  });

  kit.add('listLocations', (_req, res) => {
    res.json(locationListJson(locations));
  });
}

/**
 * DAIA splits a query id at `|` (and asks servers to take it unescaped); commas (what most
 * clients write for a list) and repeated `id`s work too. Pieces are trimmed (`a, b` is how people
 * write a list; an id with spaces at its ends, which 001 and 003 never hold in practice, cannot be
 * asked for here) and empty ones dropped. More than the limit is refused whole, since answering a
 * part would need DAIA's `Link: next`, which no client we serve follows.
 */
export function requestIds(given: readonly string[]): string[] {
  const ids = given
    .flatMap((value) => value.split(/[|,]/))
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0)
    throw new AppError('invalid_daia_id', 'id names no record: give at least one record id');
  if (ids.length > MAX_AVAILABILITY_IDS) {
    throw new AppError(
      'invalid_daia_id',
      `id names ${ids.length} records; at most ${MAX_AVAILABILITY_IDS} per request: ask in several`,
      { count: ids.length, limit: MAX_AVAILABILITY_IDS },
    );
  }
  return ids;
}
