import { AppError } from '../../errors/app-error';
import { LOOKUP_KINDS, type LookupService } from '../../services/lookup.service';
import type { IdentifierKind } from '../../store/port';
import { queryOf, type RouteKit } from './route-kit';

/** GET /lookup?isbn=…: exactly one identifier per request. */
export function lookupRoutes(kit: RouteKit, lookup: LookupService): void {
  kit.add('lookup', async (_req, res) => {
    const query = queryOf(res, 'lookup') as Partial<Record<IdentifierKind, string>>;
    const given = LOOKUP_KINDS.filter((k) => query[k] !== undefined);
    if (given.length !== 1) {
      throw new AppError(
        'invalid_lookup',
        `give exactly one of ${LOOKUP_KINDS.join(', ')}${given.length > 1 ? `, not ${given.join(' and ')}` : ''}`,
        { given },
      );
    }
    const kind = given[0] as IdentifierKind;
    res.json(await lookup.lookup(kind, query[kind] as string));
  });
}
