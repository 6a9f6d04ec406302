import type { Request } from 'express';
import { readOfflineFile } from '../../domain/circulation/offline-file';
import type { LocationDirectory } from '../../domain/items/locations';
import type { CirculationService } from '../../services/circulation.service';
import { rawBody } from '../security/body-limits.middleware';
import { keyIdOf } from './circulation.routes';
import type { RouteKit } from './route-kit';

/**
 * A bookmobile's day is a few thousand lines; the parser stops at 100,000 (MAX_OFFLINE_LINES),
 * which at a few hundred bytes a line is well inside this. Held in memory while it is applied.
 */
export const OFFLINE_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** POST /circulation/offline (docs/circulation.md, "The bookmobile, offline"): thin. */
export function circulationOfflineRoutes(
  kit: RouteKit,
  circulation: CirculationService,
  locations: LocationDirectory,
  limitBytes = OFFLINE_BODY_LIMIT_BYTES,
): void {
  kit.add(
    'applyOfflineCirculation',
    async (req, res) => {
      const file = readOfflineFile(bodyBytes(req));
      const by = keyIdOf(res);
      const report = await circulation.applyOffline(file, { locations, ...(by !== undefined && { by }) });
      res.json(report);
    },
    rawBody(limitBytes),
  );
}

function bodyBytes(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
