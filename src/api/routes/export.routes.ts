import type { Response } from 'express';
import type { ExportSink } from '../../interop/export/export-writer';
import { writeExport } from '../../interop/export/export-writer';
import type { ExportService } from '../../interop/export/export.service';
import { writerFor, type OutputFormat } from '../../marc/formats';
import { queryOf, type RouteKit } from './route-kit';

/** The total of the whole export (records before `after` included), sent before the first record. */
export const EXPORT_TOTAL_HEADER = 'Stacks-Export-Total';

/**
 * GET /export: a query's records or the whole catalog, streamed in one format, in id order. What
 * can go wrong before the first byte (a bad query, a server down) is a problem document; after
 * it, a status can no longer be sent, so the response is cut without its last chunk (the client
 * sees a broken transfer, never a clean end) and the error is logged: the client resumes with
 * `after` set to the last id it received complete (docs/interop.md, "Export").
 */
export function exportRoutes(kit: RouteKit, service: ExportService): void {
  kit.add('exportRecords', async (_req, res) => {
    const q = queryOf(res, 'exportRecords');
    const format = q.format as OutputFormat;
    const writer = writerFor(format);
    const run = await service.open({
      ...(q.q !== undefined && { q: q.q }),
      ...(q.after !== undefined && { after: q.after }),
      withItems: q.withItems ?? false,
    });
    const type = format === 'marcxml' ? `${writer.mediaType}; charset=utf-8` : writer.mediaType;
    res.status(200).type(type);
    res.setHeader('Content-Disposition', `attachment; filename="stacks-export.${writer.extension}"`);
    res.setHeader(EXPORT_TOTAL_HEADER, String(run.total));
    const sink = responseSink(res);
    try {
      await writeExport(run, writer, sink, {
        skipped: (id, reason) => logOf(res)?.warn({ id, reason }, 'export: record skipped'),
      });
      await sink.flush();
      res.end();
    } catch (err) {
      await run.pages.return(undefined);
      if (err instanceof ClientGone) return logOf(res)?.info('export: the client closed the connection');
      logOf(res)?.error({ err }, 'export: cut short after its first byte; the client may resume with after');
      res.destroy();
    }
  });
}

class ClientGone extends Error {}

const FLUSH_AT = 64 * 1024;

/**
 * The response as an export sink: pieces gathered into ~64 KB chunks, and a wait for `drain`
 * whenever the socket's buffer is full, so a slow client slows the reads instead of filling
 * memory. A client that goes away ends the wait (and the export) at once.
 */
function responseSink(res: Response): ExportSink & { flush(): Promise<void> } {
  let parts: (string | Uint8Array)[] = [];
  let size = 0;
  async function flush(): Promise<void> {
    if (res.destroyed || res.writableEnded) throw new ClientGone();
    if (parts.length === 0) return;
    const chunk = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    parts = [];
    size = 0;
    if (!res.write(chunk)) await drained(res);
  }
  return {
    write(chunk) {
      parts.push(chunk);
      size += chunk.length;
    },
    async drain() {
      if (size >= FLUSH_AT) await flush();
      else if (res.destroyed) throw new ClientGone();
    },
    flush,
  };
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (gone: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (gone) reject(new ClientGone());
      else resolve();
    };
    const onDrain = (): void => settle(false);
    const onClose = (): void => settle(true);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

type Log = {
  info(msg: string): void;
  warn(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
};

function logOf(res: Response): Log | undefined {
  return res.locals.log as Log | undefined;
}
