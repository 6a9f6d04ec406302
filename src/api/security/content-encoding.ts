import type { Request } from 'express';
import { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../../errors/app-error';

/**
 * Request bodies with a Content-Encoding: the ones zlib decodes are honoured, anything else is
 * refused with 415 before a byte is read (RFC 9110 8.4.1: a server that cannot decode a body
 * must not guess). Bytes that do not decode as declared are the client's mistake: 400
 * bad_content_encoding, never a 500.
 */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The body's declared encoding, lower-cased; `identity` when none. */
export function contentEncodingOf(req: Request): string {
  return (req.get('content-encoding') ?? 'identity').trim().toLowerCase() || 'identity';
}

/** A decoder for the request's Content-Encoding; undefined for identity; 415 for the unknown. */
export function decoderFor(req: Request): Transform | undefined {
  const encoding = contentEncodingOf(req);
  if (encoding === 'identity') return undefined;
  const make = DECODERS[encoding];
  if (!make) {
    throw new AppError(
      'unsupported_media_type',
      `cannot decode Content-Encoding ${JSON.stringify(encoding)}; send ${Object.keys(DECODERS).join(', ')} or none`,
      { contentEncoding: encoding, accepted: Object.keys(DECODERS) },
    );
  }
  return make();
}

export function badContentEncoding(req: Request): AppError {
  const encoding = contentEncodingOf(req);
  return new AppError('bad_content_encoding', `the request body is not valid ${encoding} data`, {
    contentEncoding: encoding,
  });
}
