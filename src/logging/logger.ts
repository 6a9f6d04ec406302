import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';

export type { Logger };

/**
 * Field names that can carry patron data wherever they appear (top level or one level down).
 * Not `address` or `name`: servers log listen addresses, and records have names; a patron
 * object as a whole is covered by `patron`/`borrower`.
 */
export const PATRON_FIELDS = [
  'patron',
  'patronId',
  'patronBarcode',
  'barcode',
  'borrower',
  'borrowerId',
  'email',
  'phone',
  'birthDate',
  'dateOfBirth',
  'pin',
  'password',
  // Patron records' own words for personal fields (docs/patrons.md, privacy).
  'patronName',
  'patronEmail',
  'cardBarcode',
  'cardNumber',
  'firstName',
  'lastName',
  'surname',
  'fullName',
  'homeAddress',
  'postalAddress',
  'mobile',
  'telephone',
] as const;

/**
 * What pino censors before a line is written, whoever logs it. The request logger already
 * writes only chosen fields; this list is the net under everything else (an error with a request
 * attached, a `logger.info({ req })` in a route): credentials in headers, API key secrets,
 * request bodies and query strings (a search is reading-habit data), request URLs and route
 * parameters (a patron's card barcode is in the path), and patron fields.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'req.body',
  'req.query',
  'body',
  'query',
  // A search's text (`q`), and paths and route parameters: `/patrons/{barcode}` names a person.
  'q',
  '*.q',
  'req.params',
  'params',
  'req.url',
  'req.originalUrl',
  'url',
  'originalUrl',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  ...PATRON_FIELDS.flatMap((f) => [f, `*.${f}`]),
];

/**
 * The process's logger: JSON lines on stdout (or `destination`, for tests), level from config,
 * ISO timestamps, errors with their stacks.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: 'stacks',
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}
