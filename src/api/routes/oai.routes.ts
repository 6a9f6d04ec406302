import type { Request, RequestHandler, Response } from 'express';
import type { OaiService } from '../../interop/oai/oai.service';
import type { RouteKit } from './route-kit';
import { formFields } from './form-fields';

/**
 * GET /oai and POST /oai: OAI-PMH 2.0 (src/interop/oai). The protocol layer reads its own
 * arguments (the operation is `x-raw-query`) and answers every client mistake as an `<error>` in
 * XML with status 200, as the protocol specifies; only what is not the client's doing reaches
 * the problem handler.
 */
export function oaiRoutes(kit: RouteKit, oai: OaiService, parseForm: RequestHandler): void {
  kit.add('oaiGet', async (req, res) => {
    send(res, await oai.handle(req.query as Record<string, unknown>, requestUrl(req)));
  });
  kit.add(
    'oaiPost',
    async (req, res) => {
      send(res, await oai.handle(formFields(req.body), requestUrl(req)));
    },
    parseForm,
  );
}

function send(res: Response, xml: string): void {
  res.type('text/xml; charset=utf-8').send(xml);
}

/** The address the request came to, for baseURL when the deployment did not set one. */
function requestUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/oai`;
}
