import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error';
import { ERROR_CODES, type ErrorCode } from '../errors/codes';
import { boundedValue, cutText } from '../errors/excerpt';
import type { ProblemItem } from './openapi/request-validator';
import { maskPersonalSegments } from './personal-paths';

/**
 * RFC 9457 problem details from the one code registry: every error a client sees is
 * `application/problem+json` with `type`, `title`, `status`, `detail`, `instance`, the stable
 * `code`, the request id and, for validation failures, `errors[]` naming each parameter.
 * Errors we did not raise on purpose become a 500 whose detail says nothing about our insides.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId?: string;
  errors?: (ProblemItem | { code: string; message: string })[];
  [extension: string]: unknown;
}

const MAX_DETAIL_CHARS = 2000;
const MAX_MESSAGE_CHARS = 500;
const MAX_ERROR_ITEMS = 20;
/** A record path is at most 509 characters; a longer one is not ours to echo whole. */
const MAX_INSTANCE_CHARS = 1000;

export const PROBLEM_TYPE_PREFIX = 'urn:stacks:problem:';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Called with every 500, so the caller can log it with the request id (never to the client). */
export type UnexpectedErrorSink = (err: unknown, req: Request, requestId: string | undefined) => void;

export function problemFor(err: unknown, req: Request, requestId: string | undefined): Problem {
  const appError = toAppError(err);
  if (!appError) {
    return base('internal_error', req, requestId, {
      detail: `An unexpected error occurred. Quote the request id ${requestId ?? '(none)'} when reporting it.`,
    });
  }
  if (appError.status >= 500) {
    // Our own failures (store down, bad configuration) may name paths or hosts: title only.
    return base(appError.code, req, requestId, {
      detail: `${appError.title}. Quote the request id ${requestId ?? '(none)'} when reporting it.`,
    });
  }
  const { errors, ...details } = appError.details as { errors?: ProblemItem[] };
  // Messages quote excerpts already; the cap is the net under a message that quotes whole input.
  const message = cutText(appError.message, MAX_MESSAGE_CHARS);
  const problem = base(appError.code, req, requestId, {
    detail: cutText(appError.message, MAX_DETAIL_CHARS),
  });
  problem.errors = errors?.slice(0, MAX_ERROR_ITEMS) ?? [
    { code: appError.code, message, ...publicDetails(details) },
  ];
  return problem;
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * The app's last middleware. Nothing it is given may escape as Express's HTML page with a stack
 * trace: if even the problem cannot be built or sent, a fixed internal_error goes out instead.
 * A client that has hung up gets nothing and is no error of ours: logged at info.
 */
export function problemHandler(onUnexpected: UnexpectedErrorSink): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const requestId = requestIdOf(res);
    if (clientGone(req, err)) return logClientGone(res, requestId);
    try {
      const problem = problemFor(err, req, requestId);
      const retryAfter = err instanceof AppError ? err.details.retryAfterSeconds : undefined;
      // A read refused or cut short under load is the server protecting itself, not a fault to log.
      if (problem.status >= 500 && retryAfter === undefined) onUnexpected(err, req, requestId);
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      if (problem.code === 'method_not_allowed')
        res.setHeader('Allow', String((err as AppError).details.allow ?? ''));
      sendProblem(res, problem);
    } catch (failure) {
      onUnexpected(failure, req, requestId);
      if (!res.headersSent) sendProblem(res, fallbackProblem(req, requestId));
    }
  };
}

/** What clients get when a problem could not be built: no detail from the error at all. */
function fallbackProblem(req: Request, requestId: string | undefined): Problem {
  return base('internal_error', req, requestId, {
    detail: `An unexpected error occurred. Quote the request id ${requestId ?? '(none)'} when reporting it.`,
  });
}

const CLIENT_GONE_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The client closed the connection (an aborted upload): nobody is left to answer. */
function clientGone(req: Request, err: unknown): boolean {
  const e = err as { code?: unknown; type?: unknown } | null;
  if (e?.type === 'request.aborted') return true;
  return (req.destroyed || req.socket?.destroyed === true) && CLIENT_GONE_CODES.has(String(e?.code));
}

function logClientGone(res: Response, requestId: string | undefined): void {
  const log = res.locals.log as { info(obj: unknown, msg: string): void } | undefined;
  log?.info({ requestId }, 'the client closed the connection before the answer');
}

/** For paths no route matched. */
export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(
    new AppError(
      'route_not_found',
      `no endpoint ${req.method} ${cutText(maskPersonalSegments(req.path), 200)}; see /docs`,
    ),
  );
};

export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId ?? (res.req as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function base(
  code: ErrorCode,
  req: Request,
  requestId: string | undefined,
  extra: Partial<Problem>,
): Problem {
  const { status, title } = ERROR_CODES[code];
  const problem: Problem = {
    type: PROBLEM_TYPE_PREFIX + code,
    title,
    status,
    instance: cutText(maskPersonalSegments(req.originalUrl.split('?')[0] ?? '/'), MAX_INSTANCE_CHARS),
    code,
    ...extra,
  };
  if (requestId) problem.requestId = requestId;
  return problem;
}

/**
 * AppErrors pass through; errors of Express's body parsers (they carry `type` and `status`) and
 * of its router (a URIError for a path that is not valid percent-encoding) are given registry
 * codes; any other error that says it is the client's (a 4xx `status`) becomes bad_request;
 * anything else is unexpected.
 */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { type?: unknown; status?: unknown; limit?: unknown; message?: unknown } | null;
  if (err instanceof URIError) return badPercentEncoding(String(e?.message ?? ''));
  if (e?.type === 'entity.too.large') {
    return new AppError('payload_too_large', `the request body is larger than ${String(e.limit)} bytes`, {
      limit: e.limit,
    });
  }
  if (e?.type === 'entity.parse.failed')
    return new AppError('invalid_body', 'the request body is not valid JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'the request body has an unsupported encoding or charset');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return typeof e.type === 'string'
      ? new AppError('invalid_body', 'the request body could not be read')
      : new AppError('bad_request', 'the request could not be read');
  }
  return undefined;
}

/** The router's message is "Failed to decode param '<raw>'": the raw text is the value. */
function badPercentEncoding(message: string): AppError {
  const raw = /'(.*)'$/.exec(message)?.[1] ?? '';
  const text = 'the path is not valid percent-encoding (a % must be followed by two hex digits of UTF-8)';
  return new AppError('invalid_parameter', text, {
    errors: [
      { code: 'invalid_parameter', in: 'path', parameter: 'path', value: boundedValue(raw), message: text },
    ],
  });
}

/** Scalar details only, cut short, and never raw bytes: they are for clients to act on, not dumps. */
function publicDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (key === 'raw' || key === 'head' || key === 'dbPath') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      out[key] = boundedValue(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
      out[key] = boundedValue(value);
  }
  return out;
}
