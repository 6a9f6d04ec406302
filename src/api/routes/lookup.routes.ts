import { AppError } from '../../errors/app-error';
import { LOOKUP_KINDS, type LookupKind, type LookupService } from '../../services/lookup.service';
import type { components } from '../openapi.generated';
import { queryOf, type RouteKit } from './route-kit';

type LookupResult = components['schemas']['LookupResult'];

/** GET /lookup?isbn=…: exactly one identifier per request. */
export function lookupRoutes(kit: RouteKit, lookup: LookupService): void {
  kit.add('lookup', async (_req, res) => {
    const query = queryOf(res, 'lookup') as Partial<Record<LookupKind, string>>;
    const given = LOOKUP_KINDS.filter((k) => query[k] !== undefined);
    if (given.length !== 1) {
      throw new AppError(
        'invalid_lookup',
        `give exactly one of ${LOOKUP_KINDS.join(', ')}${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`,
        { given },
      );
    }
    const kind = given[0] as LookupKind;
    // Typed as the spec's LookupResult, so tsc checks the service's shapes (RecordSummary) against it.
    const result: LookupResult = await lookup.lookup(kind, query[kind] as string);
    res.json(result);
  });
}
