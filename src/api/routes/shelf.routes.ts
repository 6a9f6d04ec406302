import type { RequestHandler } from 'express';
import type { ShelfService } from '../../services/shelf.service';
import type { components } from '../openapi.generated';
import type { AuthContext } from '../security/security.types';
import { bodyOf, queryOf, type RouteKit } from './route-kit';

type ShelfReadingBody = components['schemas']['ShelfReadingBody'];
type ShelfReading = components['schemas']['ShelfReading'];
type ShelfPosition = components['schemas']['ShelfPosition'];

/** POST /shelf-reading and GET /shelf/position (staff): the rules are in ShelfService. */
export function shelfRoutes(kit: RouteKit, shelf: ShelfService, parseJson: RequestHandler): void {
  kit.add(
    'readShelf',
    async (_req, res) => {
      const body = bodyOf<ShelfReadingBody>(res);
      // The key id goes into the history of an item marked found; never a person's data.
      const by = (res.locals.auth as AuthContext | undefined)?.key?.id;
      // Typed as the spec's ShelfReading, so tsc checks the service's shape against it.
      const report: ShelfReading = await shelf.readShelf(body, by);
      res.json(report);
    },
    parseJson,
  );

  kit.add('shelfPosition', async (_req, res) => {
    const { callnumber, location, scheme, before, after } = queryOf(res, 'shelfPosition');
    const position: ShelfPosition = await shelf.position({
      callNumber: callnumber,
      location,
      ...(scheme && { scheme }),
      before: before ?? 5,
      after: after ?? 5,
    });
    res.json(position);
  });
}
