import express, { type Request, type RequestHandler, type Response } from 'express';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../../errors/app-error';

/** JSON request bodies (searches, record edits, key management): parsed in memory, so small. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Ingest uploads: streamed to the pipeline, never held whole, so they may be large. */
export const INGEST_BODY_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

/** express.json with our limit, its 413 turned into the registered payload_too_large. */
export function jsonBody(limitBytes = JSON_BODY_LIMIT_BYTES): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        return next(tooLarge(limitBytes, 'JSON body'));
      }
      next(err);
    });
  };
}

/**
 * Refuses an upload whose Content-Length already says it is too large, before the route starts
 * any work (a job, a temp file). Chunked uploads declare nothing; limitedBody counts those.
 */
export function declaredLengthLimit(limitBytes = INGEST_BODY_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limitBytes) {
      // Closing the connection stops the client sending the rest instead of us reading it.
      res.setHeader('Connection', 'close');
      return next(tooLarge(limitBytes, 'upload'));
    }
    next();
  };
}

/** A pass-through that counts bytes and fails with payload_too_large once past the limit. */
export function byteLimit(limitBytes = INGEST_BODY_LIMIT_BYTES): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limitBytes) return done(tooLarge(limitBytes, 'upload'));
      done(null, chunk);
    },
  });
}

/**
 * The request body as a stream that errors with payload_too_large (413) as soon as more than
 * `limitBytes` have arrived, counted as they stream, whatever Content-Length claimed. The ingest
 * route reads this instead of `req`. When the limit trips, the response is marked
 * Connection: close so Node does not quietly read the rest of a huge upload to keep the socket.
 */
export function limitedBody(req: Request, res: Response, limitBytes = INGEST_BODY_LIMIT_BYTES): Readable {
  const limiter = byteLimit(limitBytes);
  req.once('error', (err) => limiter.destroy(err));
  limiter.once('error', () => {
    req.unpipe(limiter);
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  return req.pipe(limiter);
}

function tooLarge(limitBytes: number, what: string): AppError {
  return new AppError('payload_too_large', `the ${what} is larger than the limit of ${limitBytes} bytes`, {
    limitBytes,
  });
}
