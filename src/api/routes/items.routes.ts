import type { RequestHandler, Response } from 'express';
import type { Item } from '../../domain/items/item';
import type { ItemStatus } from '../../domain/items/item-status';
import type { LocationDirectory } from '../../domain/items/locations';
import type { ItemPatchInput, NewItemInput } from '../../services/item-input';
import type { ItemsService } from '../../services/items.service';
import type { components } from '../openapi.generated';
import { itemEtag, itemJson, transferJson, type ItemAudience } from '../presenters/item.presenter';
import { parseTagList } from '../presenters/record.presenter';
import { ROLE_RANK, type AuthContext } from '../security/security.types';
import { ifMatchOf } from './if-match';
import { decodeItemCursor, encodeItemCursor } from './item-cursor';
import { bodyOf, headersOf, pathOf, queryOf, type RouteKit } from './route-kit';

type StatusChangeBody = components['schemas']['StatusChangeBody'];
type TransferBody = components['schemas']['TransferBody'];

/** The items API (docs/items.md, "The API"): thin; the rules are ItemsService's. */
export function itemsRoutes(
  kit: RouteKit,
  items: ItemsService,
  locations: LocationDirectory,
  parseJson: RequestHandler,
): void {
  const present = (res: Response, item: Item) => itemJson(item, locations, audienceOf(res));

  kit.add('listRecordItems', async (_req, res) => {
    const { id } = pathOf(res, 'listRecordItems');
    const found = await items.forRecord(id);
    res.json({ recordId: id, items: found.map((item) => present(res, item)) });
  });

  kit.add('getItem', async (_req, res) => {
    const item = await items.get(pathOf(res, 'getItem').barcode);
    const etag = itemEtag(item, audienceOf(res));
    res.setHeader('ETag', etag);
    const ifNoneMatch = headersOf(res)['If-None-Match'];
    const listed = ifNoneMatch === undefined ? undefined : parseTagList(ifNoneMatch);
    if (listed && ('any' in listed || listed.tags.includes(etag))) return void res.status(304).end();
    res.json(present(res, item));
  });

  kit.add('listItems', async (_req, res) => {
    const q = queryOf(res, 'listItems');
    const filter = {
      location: q.location,
      statuses: q.status as ItemStatus[] | undefined,
      itemType: q.type,
      callNumberFrom: q.callnumberFrom,
    };
    const after = q.cursor === undefined ? undefined : decodeItemCursor(q.cursor, filter);
    const page = await items.list({ ...filter, limit: q.limit ?? 50, ...(after !== undefined && { after }) });
    res.json({
      items: page.items.map((item) => present(res, item)),
      ...(page.next !== undefined && { nextCursor: encodeItemCursor(page.next, filter) }),
    });
  });

  kit.add(
    'createItem',
    async (_req, res) => {
      const { id } = pathOf(res, 'createItem');
      const item = await items.create(id, bodyOf<NewItemInput>(res), keyIdOf(res));
      sendItem(res.status(201).location(`/items/${encodeURIComponent(item.barcode)}`), item);
    },
    parseJson,
  );

  kit.add(
    'patchItem',
    async (_req, res) => {
      const { barcode } = pathOf(res, 'patchItem');
      const item = await items.patch(barcode, bodyOf<ItemPatchInput>(res), ifMatchOf(res));
      sendItem(res, item);
    },
    parseJson,
  );

  kit.add(
    'changeItemStatus',
    async (_req, res) => {
      const { barcode } = pathOf(res, 'changeItemStatus');
      const body = bodyOf<StatusChangeBody>(res);
      const item = await items.changeStatus(barcode, body, { ifMatch: ifMatchOf(res), by: keyIdOf(res) });
      sendItem(res, item);
    },
    parseJson,
  );

  kit.add(
    'transferItems',
    async (_req, res) => {
      const body = bodyOf<TransferBody>(res);
      res.json(transferJson(await items.transfer(body.barcodes, body.to), locations));
    },
    parseJson,
  );

  function sendItem(res: Response, item: Item): void {
    res.setHeader('ETag', itemEtag(item, audienceOf(res))).json(present(res, item));
  }
}

function audienceOf(res: Response): ItemAudience {
  const auth = res.locals.auth as AuthContext | undefined;
  return { staff: ROLE_RANK[auth?.role ?? 'public'] >= ROLE_RANK.staff };
}

/** The API key that asks, for the status history; absent without the security module (tests). */
function keyIdOf(res: Response): string | undefined {
  return (res.locals.auth as AuthContext | undefined)?.key?.id;
}
