import type { Request, RequestHandler, Response } from 'express';
import type { SruEndpoint, SruService } from '../../interop/sru/sru.service';
import { formFields } from './form-fields';
import type { RouteKit } from './route-kit';

/**
 * GET /sru and POST /sru: SRU 1.2 and 2.0 (src/interop/sru). The protocol layer reads its own
 * parameters (the operation is `x-raw-query`) and answers every client mistake as a diagnostic
 * in XML with status 200, as SRU specifies; only what is not the client's doing reaches the
 * problem handler.
 */
export function sruRoutes(kit: RouteKit, sru: SruService, parseForm: RequestHandler): void {
  kit.add('sruGet', async (req, res) => {
    send(res, await sru.handle(req.query as Record<string, unknown>, endpointOf(req)));
  });
  kit.add(
    'sruPost',
    async (req, res) => {
      send(res, await sru.handle(formFields(req.body), endpointOf(req)));
    },
    parseForm,
  );
}

function send(res: Response, xml: string): void {
  res.type('text/xml; charset=utf-8').send(xml);
}

function endpointOf(req: Request): SruEndpoint {
  return { host: req.hostname || 'localhost', port: req.socket.localPort ?? 80, database: 'sru' };
}
