import type { Request, Response } from 'express';
import type { AvailabilitySummary } from '../../domain/items/availability';
import { AppError } from '../../errors/app-error';
import { excerpt } from '../../errors/excerpt';
import {
  CITATION_MEDIA_TYPES,
  isCitationFormat,
  type CitationFormat,
  type CitationStyle,
} from '../../interop/citations/citation-formats';
import type { CitationService } from '../../interop/citations/citation.service';
import type { MarcFormat } from '../../marc/detect';
import type { ParsedBody, RecordsService, WriteResult } from '../../services/records.service';
import type { StoredRecord } from '../../store/port';
import { citationRepresentation, citationTag } from '../presenters/citation.presenter';
import {
  BODY_FORMATS,
  RECORD_MEDIA_TYPES,
  etagFor,
  parseTagList,
  recordJson,
  representation,
  type RecordFormat,
} from '../presenters/record.presenter';
import { rawBody } from '../security/body-limits.middleware';
import { ifMatchOf } from './if-match';
import { acceptsIgnoringStyle, citationStyle } from './citation-style';
import { headersOf, pathOf, queryOf, type RouteKit } from './route-kit';

/** One MARC record is at most 99,999 bytes in ISO 2709; XML and MRK spell it out at length. */
export const RECORD_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** GET, POST, PUT and DELETE of single records; the rules are in RecordsService. */
export function recordsRoutes(
  kit: RouteKit,
  records: RecordsService,
  citations: CitationService,
  limitBytes = RECORD_BODY_LIMIT_BYTES,
  summaryOf?: (id: string) => Promise<AvailabilitySummary>,
): void {
  const readBody = rawBody(limitBytes);

  kit.add('getRecord', async (req, res) => {
    const { id } = pathOf(res, 'getRecord');
    const query = queryOf(res, 'getRecord');
    const format = negotiate(req, query.format);
    const stored = await records.get(id);
    const view = isCitationFormat(format)
      ? citationView(
          stored,
          format,
          format === 'citation' ? citationStyle(req, query.style) : undefined,
          citations,
        )
      : await marcView(stored, format, summaryOf);
    res.setHeader('ETag', view.etag).setHeader('Vary', 'Accept');
    const ifNoneMatch = headersOf(res)['If-None-Match'];
    if (ifNoneMatch !== undefined && matchesNoneMatch(ifNoneMatch, view.etag))
      return void res.status(304).end();
    const { type, body } = view.representation();
    res.type(type).send(body);
  });

  kit.add(
    'createRecord',
    async (req, res) => {
      const { strict } = queryOf(res, 'createRecord');
      const parsed = await records.parseOne(bodyBytes(req), bodyFormat(req), { strict });
      const result = await records.create(parsed.record);
      sendWritten(res.location(locationOf(result.stored.id)).status(201), result, parsed);
    },
    readBody,
  );

  kit.add(
    'replaceRecord',
    async (req, res) => {
      const { id } = pathOf(res, 'replaceRecord');
      const ifVersion = await precondition(res, records, id);
      const { strict } = queryOf(res, 'replaceRecord');
      const parsed = await records.parseOne(bodyBytes(req), bodyFormat(req), { strict });
      const result = await records.replace(id, parsed.record, ifVersion);
      if (result.outcome === 'created') res.status(201).location(locationOf(id));
      sendWritten(res, result, parsed);
    },
    readBody,
  );

  kit.add('deleteRecord', async (_req, res) => {
    const { id } = pathOf(res, 'deleteRecord');
    const removed = await records.remove(id, await precondition(res, records, id));
    markIndexPending(res, removed.indexPending).status(204).end();
  });
}

interface View {
  etag: string;
  /** Made only when the tag does not match: a formatted citation is worth not making twice. */
  representation(): { type: string; body: string | Buffer };
}

async function marcView(
  stored: StoredRecord,
  format: RecordFormat,
  summaryOf: ((id: string) => Promise<AvailabilitySummary>) | undefined,
): Promise<View> {
  const availability =
    format === 'json' && summaryOf ? await viewAvailability(summaryOf, stored.id) : undefined;
  return {
    etag: etagFor(stored.version, format, availability),
    representation: () => representation(stored, format, availability),
  };
}

function citationView(
  stored: StoredRecord,
  format: CitationFormat,
  style: CitationStyle | undefined,
  citations: CitationService,
): View {
  return {
    etag: `"v${stored.version}-${citationTag(format, style)}"`,
    representation: () => citationRepresentation([citations.itemOf(stored)], format, style),
  };
}

/**
 * The record view's availability; absent when the record has no copies (withdrawn ones count
 * nowhere), as in search hits. An item store that does not answer (`store_unavailable`) leaves the
 * record served without it rather than failing the view for what is only a part of it.
 */
async function viewAvailability(
  summaryOf: (id: string) => Promise<AvailabilitySummary>,
  id: string,
): Promise<AvailabilitySummary | undefined> {
  try {
    const summary = await summaryOf(id);
    return summary.total > 0 ? summary : undefined;
  } catch (err) {
    if (err instanceof AppError && err.code === 'store_unavailable') return undefined;
    throw err;
  }
}

/** A write the store has but the search index does not yet (docs/api.md, "Writes while the index is down"). */
export const INDEX_PENDING_HEADER = 'Stacks-Index-Pending';

/** What the reader repaired or assumed to read the body (docs/api.md, "Repaired records"). */
export const WARNINGS_HEADER = 'Stacks-Warnings';

function sendWritten(res: Response, result: WriteResult, parsed: ParsedBody): void {
  res.setHeader('ETag', etagFor(result.stored.version, 'json'));
  const body = recordJson(result.stored, result.outcome);
  if (result.indexPending) body.indexPending = true;
  if (parsed.warnings.length > 0) {
    body.warnings = parsed.warnings;
    res.setHeader(WARNINGS_HEADER, [...new Set(parsed.warnings.map((w) => w.code))].join(', '));
  }
  markIndexPending(res, result.indexPending).json(body);
}

function markIndexPending(res: Response, pending: boolean): Response {
  return pending ? res.setHeader(INDEX_PENDING_HEADER, '1') : res;
}

function locationOf(id: string): string {
  return `/records/${encodeURIComponent(id)}`;
}

type Wanted = RecordFormat | CitationFormat;

/** Media type → representation, the MARC ones first, so that any type and text types choose them as before. */
const OFFERED: readonly (readonly [string, Wanted])[] = [
  ...Object.entries(RECORD_MEDIA_TYPES).map(([f, t]) => [t, f as RecordFormat] as const),
  ...Object.entries(CITATION_MEDIA_TYPES).map(([f, t]) => [t, f as CitationFormat] as const),
];

/** `?format=` wins; else the Accept header; no acceptable type is a 406. */
function negotiate(req: Request, format: RecordFormat | 'iso2709' | CitationFormat | undefined): Wanted {
  // iso2709 is the format's name everywhere else (POST /ingest, convert --to); marc is its media type's.
  if (format) return format === 'iso2709' ? 'marc' : format;
  const chosen = acceptsIgnoringStyle(req, [...OFFERED.map(([t]) => t), 'application/xml']);
  if (chosen === 'application/xml') return 'marcxml';
  const found = OFFERED.find(([t]) => t === chosen);
  if (!found) {
    throw new AppError(
      'not_acceptable',
      `no representation matches Accept: ${req.get('accept') ?? ''}; use ${OFFERED.map(([t]) => t).join(', ')}`,
    );
  }
  return found[1];
}

function matchesNoneMatch(header: string, etag: string): boolean {
  const parsed = parseTagList(header);
  if (!parsed) return false;
  return 'any' in parsed || parsed.tags.includes(etag);
}

/** If-Match as a store version; `*` only asks that the record exist; malformed is a 400. */
async function precondition(res: Response, records: RecordsService, id: string): Promise<number | undefined> {
  const parsed = ifMatchOf(res);
  if (parsed === undefined) return undefined;
  const current = await records.get(id).catch((err: unknown) => {
    if (err instanceof AppError && (err.code === 'record_not_found' || err.code === 'record_deleted'))
      return undefined;
    throw err;
  });
  const version = current?.version ?? 0;
  if ('any' in parsed ? current !== undefined : parsed.versions.includes(version)) return version;
  throw new AppError(
    'version_conflict',
    `record ${id} is at version ${version}; If-Match asked for ${excerpt(headersOf(res)['If-Match'])}`,
    { id, version },
  );
}

function bodyBytes(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function bodyFormat(req: Request): MarcFormat | 'auto' {
  const type =
    (req.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ?? '';
  const format = BODY_FORMATS[type];
  if (!format) {
    throw new AppError(
      'unsupported_media_type',
      `cannot read a record from ${type}; send ${Object.keys(BODY_FORMATS).join(', ')}`,
    );
  }
  return format;
}
