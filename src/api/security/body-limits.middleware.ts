import express, { type Request, type RequestHandler, type Response } from 'express';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../../errors/app-error';
import { badContentEncoding, contentEncodingOf, decoderFor } from './content-encoding';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

/** JSON request bodies (searches, record edits, key management): parsed in memory, so small. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Ingest uploads: streamed to the pipeline, never held whole, so they may be large. */
export const INGEST_BODY_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * express.json with our limits: a declared Content-Length over the limit is refused before a
 * byte is read, nesting deeper than MAX_JSON_DEPTH before anything parses it, and the parser's
 * errors become registered codes (413 payload_too_large, 400 bad_content_encoding).
 */
export function jsonBody(limitBytes = JSON_BODY_LIMIT_BYTES): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, verify: refuseDeepJson });
  return guardedBody(parse, limitBytes, 'JSON body');
}

/** The body as a Buffer whatever its type (record bodies), with the same limits as jsonBody. */
export function rawBody(limitBytes: number): RequestHandler {
  const parse = express.raw({
    type: () => true,
    limit: limitBytes,
    verify: (req, res, buf) => {
      if (/[/+]json\b/i.test(req.headers['content-type'] ?? '')) refuseDeepJson(req, res, buf);
    },
  });
  return guardedBody(parse, limitBytes, 'request body');
}

function guardedBody(parse: RequestHandler, limitBytes: number, what: string): RequestHandler {
  const declared = declaredLengthLimit(limitBytes, what);
  return (req, res, next) => {
    declared(req, res, (err?: unknown) => {
      if (err !== undefined) return next(err);
      parse(req, res, (parseErr?: unknown) =>
        next(parseErr === undefined ? undefined : bodyError(parseErr, req, limitBytes, what)),
      );
    });
  };
}

/** body-parser's errors in our terms; what it cannot name while decoding is the encoding's fault. */
function bodyError(err: unknown, req: Request, limitBytes: number, what: string): unknown {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return tooLarge(limitBytes, what);
  if (type === 'entity.too.deep') {
    return new AppError('invalid_body', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, {
      maxDepth: MAX_JSON_DEPTH,
    });
  }
  if (type === undefined && contentEncodingOf(req) !== 'identity') return badContentEncoding(req);
  return err;
}

/** body-parser's `verify`: its errors keep their `status` and `type`, so this is a plain Error. */
function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (nestsDeeperThan(buf)) {
    throw Object.assign(new Error('JSON nested too deep'), { status: 400, type: 'entity.too.deep' });
  }
}

/**
 * Refuses a body whose Content-Length already says it is too large, before the route starts any
 * work (a job, a temp file) or reads it. Chunked bodies declare nothing; the parsers and
 * limitedBody count those.
 */
export function declaredLengthLimit(limitBytes = INGEST_BODY_LIMIT_BYTES, what = 'upload'): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limitBytes) {
      // Closing the connection stops the client sending the rest instead of us reading it.
      res.setHeader('Connection', 'close');
      return next(tooLarge(limitBytes, what));
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
 * The request body as a stream, decoded as its Content-Encoding says (415 for an encoding we
 * cannot decode, 400 bad_content_encoding for bytes that do not decode), that errors with
 * payload_too_large (413) as soon as more than `limitBytes` decoded bytes have arrived, whatever
 * Content-Length claimed: decoded, so a small compressed bomb cannot fill the disk. The ingest
 * route reads this instead of `req`. On any refusal the response is marked Connection: close so
 * Node does not quietly read the rest of a huge upload to keep the socket.
 */
export function limitedBody(req: Request, res: Response, limitBytes = INGEST_BODY_LIMIT_BYTES): Readable {
  const closeAfter = (): void => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  let decoder: Transform | undefined;
  try {
    decoder = decoderFor(req);
  } catch (err) {
    closeAfter();
    throw err;
  }
  const limiter = byteLimit(limitBytes);
  req.once('error', (err) => limiter.destroy(err));
  decoder?.once('error', () => limiter.destroy(badContentEncoding(req)));
  limiter.once('error', () => {
    req.unpipe();
    decoder?.unpipe(limiter);
    closeAfter();
  });
  return (decoder ? req.pipe(decoder) : req).pipe(limiter);
}

function tooLarge(limitBytes: number, what: string): AppError {
  return new AppError('payload_too_large', `the ${what} is larger than the limit of ${limitBytes} bytes`, {
    limitBytes,
  });
}
