import type { RequestHandler, Response } from 'express';
import type { Patron } from '../../domain/patrons/patron';
import type { NewPatronInput, PatronPatchInput } from '../../services/patron-input';
import type { PatronsService } from '../../services/patrons.service';
import type { components } from '../openapi.generated';
import { patronEtag, patronJson, patronPageJson } from '../presenters/patron.presenter';
import type { AuthContext } from '../security/security.types';
import { ifMatchOf } from './if-match';
import { bodyOf, pathOf, queryOf, type RouteKit } from './route-kit';

type RenewalBody = components['schemas']['PatronRenewal'];
type BlockBody = components['schemas']['PatronBlockBody'];

/**
 * The patrons API (docs/patrons.md): staff only, thin; the rules are PatronsService's. Every
 * operation is `x-personal-data` in openapi.yaml, so refusals never repeat what was sent.
 */
export function patronsRoutes(
  kit: RouteKit,
  patrons: PatronsService,
  parseJson: RequestHandler,
  today: () => string = () => new Date().toISOString().slice(0, 10),
): void {
  const send = (res: Response, patron: Patron) =>
    res.setHeader('ETag', patronEtag(patron)).json(patronJson(patron, today()));

  kit.add('findPatrons', async (_req, res) => {
    const q = queryOf(res, 'findPatrons');
    const page = await patrons.find({
      ...(q.q !== undefined && { q: q.q }),
      ...(q.barcode !== undefined && { barcode: q.barcode }),
      ...(q.email !== undefined && { email: q.email }),
      ...(q.name !== undefined && { name: q.name }),
      limit: q.limit ?? 50,
      ...(q.cursor !== undefined && { after: q.cursor }),
    });
    res.json(patronPageJson(page, today(), page.next));
  });

  kit.add(
    'registerPatron',
    async (_req, res) => {
      const patron = await patrons.register(bodyOf<NewPatronInput>(res), keyIdOf(res));
      send(res.status(201).location(`/patrons/${encodeURIComponent(patron.barcode)}`), patron);
    },
    parseJson,
  );

  kit.add('getPatron', async (_req, res) => {
    send(res, await patrons.get(pathOf(res, 'getPatron').barcode));
  });

  kit.add(
    'patchPatron',
    async (_req, res) => {
      const { barcode } = pathOf(res, 'patchPatron');
      send(res, await patrons.patch(barcode, bodyOf<PatronPatchInput>(res), ifMatchOf(res)));
    },
    parseJson,
  );

  kit.add(
    'renewPatron',
    async (_req, res) => {
      const { barcode } = pathOf(res, 'renewPatron');
      const body = bodyOf<RenewalBody | undefined>(res);
      send(res, await patrons.renew(barcode, body?.expiry, ifMatchOf(res)));
    },
    parseJson,
  );

  kit.add(
    'blockPatron',
    async (_req, res) => {
      const { barcode } = pathOf(res, 'blockPatron');
      const { reason } = bodyOf<BlockBody>(res);
      send(res, await patrons.block(barcode, reason, keyIdOf(res), ifMatchOf(res)));
    },
    parseJson,
  );

  kit.add('unblockPatron', async (_req, res) => {
    send(res, await patrons.unblock(pathOf(res, 'unblockPatron').barcode, ifMatchOf(res), keyIdOf(res)));
  });

  kit.add('anonymisePatron', async (_req, res) => {
    const patron = await patrons.anonymise(pathOf(res, 'anonymisePatron').barcode, keyIdOf(res));
    res.json(patronJson(patron, today()));
  });
}

/** The API key that asks, for the block's `by`; absent without the security module (tests). */
function keyIdOf(res: Response): string | undefined {
  return (res.locals.auth as AuthContext | undefined)?.key?.id;
}
