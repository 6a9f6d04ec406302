import type { Request, Response } from 'express';
import { AppError } from '../../errors/app-error';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../../ingest/ingest.types';
import type { Job, JobService } from '../../jobs/job.types';
import { authOf } from '../security/auth.middleware';
import {
  INGEST_BODY_LIMIT_BYTES,
  declaredLengthLimit,
  limitedBody,
} from '../security/body-limits.middleware';
import type { components } from '../openapi.generated';
import { readFormUpload, type FormUpload } from './form-upload';
import { pathOf, queryOf, type RouteKit } from './route-kit';

type JobJson = components['schemas']['Job'];

/**
 * POST /ingest streams the upload into a job (never buffered whole; the byte limit is counted
 * as it streams) and answers 202 at once; /jobs/… report on it. The job runner is the
 * JobService's; these routes only translate HTTP.
 */
export function ingestRoutes(
  kit: RouteKit,
  jobs: JobService | undefined,
  limitBytes = INGEST_BODY_LIMIT_BYTES,
): void {
  const service = (): JobService => {
    if (!jobs) throw new AppError('jobs_unavailable', 'this server runs no ingest jobs');
    return jobs;
  };

  kit.add(
    'startIngest',
    (req, res) => startIngest(req, res, { kit, jobs: service(), limitBytes }),
    declaredLengthLimit(limitBytes),
  );

  kit.add('listJobs', async (_req, res) => {
    const { state, limit } = queryOf(res, 'listJobs');
    const list = await service().list({ limit, ...(state ? { state } : {}) });
    res.json({ jobs: list.map(present) });
  });

  kit.add('getJob', async (_req, res) => {
    const { id } = pathOf(res, 'getJob');
    const job = await service().get(id);
    if (!job) throw notFound(id);
    res.json(present(job));
  });

  kit.add('getJobReport', async (_req, res) => {
    const { id } = pathOf(res, 'getJobReport');
    const { outcome } = queryOf(res, 'getJobReport');
    const lines = await service().report(id, outcome ? { outcomes: outcome } : {});
    if (!lines) throw notFound(id);
    res.status(200).type('application/x-ndjson');
    await streamOut(res, lines, (line) => (line.endsWith('\n') ? line : `${line}\n`));
  });

  kit.add('getJobRejects', async (_req, res) => {
    const { id } = pathOf(res, 'getJobRejects');
    const job = await service().get(id);
    const bytes = job && (await service().rejects?.(id));
    if (!job || !bytes) throw notFound(id);
    // attachment() would set the type from the extension (.mrc → application/marc); bytes as uploaded.
    res.status(200).attachment(rejectsFileName(job)).type('application/octet-stream');
    await streamOut(res, bytes, (chunk) => chunk);
  });

  kit.add('resumeJob', async (_req, res) => {
    res.status(202).json(present(await service().resume(pathOf(res, 'resumeJob').id)));
  });

  kit.add('cancelJob', async (_req, res) => {
    res.json(present(await service().cancel(pathOf(res, 'cancelJob').id)));
  });
}

interface IngestContext {
  kit: RouteKit;
  jobs: JobService;
  limitBytes: number;
}

/** A raw body, or an HTML form's file upload whose fields stand for the query parameters. */
async function startIngest(
  req: Request,
  res: Response,
  { kit, jobs, limitBytes }: IngestContext,
): Promise<void> {
  const body = limitedBody(req, res, limitBytes);
  const form = req.is('multipart/form-data') ? await readFormUpload(body, req.headers) : undefined;
  const q = form ? formOptions(kit, req, form) : queryOf(res, 'startIngest');
  const createdBy = authOf(res).key?.name;
  const fileName = q.fileName ?? form?.fileName?.slice(0, 255);
  const job = await jobs.submit({
    source: form ? form.file : body,
    options: ingestOptions(q),
    ...(fileName ? { fileName } : {}),
    ...(createdBy ? { createdBy } : {}),
  });
  res
    .status(202)
    .location(`/jobs/${encodeURIComponent(job.id)}`)
    .json({ jobId: job.id, job: present(job) });
}

type IngestQuery = ReturnType<typeof queryOf<'startIngest'>>;

/** The form's fields over the query string, checked as the query parameters are. */
function formOptions(kit: RouteKit, req: Request, form: FormUpload): IngestQuery {
  try {
    return kit.checkFields('startIngest', { ...(req.query as Record<string, unknown>), ...form.fields });
  } catch (err) {
    form.discard();
    throw err;
  }
}

function ingestOptions(q: IngestQuery): IngestOptions {
  return {
    ...DEFAULT_INGEST_OPTIONS,
    format: q.format ?? 'auto',
    charset: q.charset ?? 'auto',
    dryRun: q.dryRun ?? false,
    batchSize: q.batchSize ?? DEFAULT_INGEST_OPTIONS.batchSize,
    match: q.match ?? [],
    onMatch: q.onMatch ?? 'replace',
    ...(q.syncItems && { syncItems: true }),
  };
}

/** `vendor.mrc` → `vendor-rejects.mrc`; an upload without a name → `<job id>-rejects.mrc`. */
function rejectsFileName(job: Job): string {
  const name = job.fileName ?? job.id;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-rejects${name.slice(dot)}` : `${name}-rejects.mrc`;
}

function notFound(id: string): AppError {
  return new AppError('job_not_found', `no job ${id}`, { jobId: id });
}

/**
 * Only the documented fields, typed as the spec's Job: a job record may grow internals (file paths)
 * that are not public. Fields left undefined are dropped by res.json, as JSON drops them.
 */
function present(job: Job): JobJson {
  const { id, state, fileName, options, progress, error, createdBy, createdAt, startedAt, finishedAt } = job;
  return { id, state, fileName, options, progress, error, createdBy, createdAt, startedAt, finishedAt };
}

/** A body streamed with backpressure; the status is sent with the first chunk. */
async function streamOut<T>(
  res: Response,
  items: AsyncIterable<T>,
  toChunk: (item: T) => string | Uint8Array,
): Promise<void> {
  for await (const item of items) {
    const ok = res.write(toChunk(item));
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
