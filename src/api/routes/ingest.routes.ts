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
import { pathOf, queryOf, type RouteKit } from './route-kit';

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
    (req, res) => startIngest(req, res, service(), limitBytes),
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
    const lines = await service().report(id);
    if (!lines) throw notFound(id);
    await streamLines(res, lines);
  });

  kit.add('resumeJob', async (_req, res) => {
    res.status(202).json(present(await service().resume(pathOf(res, 'resumeJob').id)));
  });

  kit.add('cancelJob', async (_req, res) => {
    res.json(present(await service().cancel(pathOf(res, 'cancelJob').id)));
  });
}

async function startIngest(req: Request, res: Response, jobs: JobService, limitBytes: number): Promise<void> {
  const q = queryOf(res, 'startIngest');
  const options: IngestOptions = {
    ...DEFAULT_INGEST_OPTIONS,
    format: q.format ?? 'auto',
    charset: q.charset ?? 'auto',
    dryRun: q.dryRun ?? false,
    batchSize: q.batchSize ?? DEFAULT_INGEST_OPTIONS.batchSize,
    match: q.match ?? [],
    onMatch: q.onMatch ?? 'replace',
  };
  const createdBy = authOf(res).key?.name;
  const job = await jobs.submit({
    source: limitedBody(req, res, limitBytes),
    options,
    ...(q.fileName ? { fileName: q.fileName } : {}),
    ...(createdBy ? { createdBy } : {}),
  });
  res
    .status(202)
    .location(`/jobs/${encodeURIComponent(job.id)}`)
    .json({ jobId: job.id, job: present(job) });
}

function notFound(id: string): AppError {
  return new AppError('job_not_found', `no job ${id}`, { jobId: id });
}

/** Only the documented fields: a job record may grow internals (file paths) that are not public. */
function present(job: Job): Job {
  const { id, state, fileName, options, progress, error, createdBy, createdAt, startedAt, finishedAt } = job;
  return Object.fromEntries(
    Object.entries({
      id,
      state,
      fileName,
      options,
      progress,
      error,
      createdBy,
      createdAt,
      startedAt,
      finishedAt,
    }).filter(([, v]) => v !== undefined),
  ) as unknown as Job;
}

/** JSON lines with backpressure; the status is sent with the first line. */
async function streamLines(res: Response, lines: AsyncIterable<string>): Promise<void> {
  res.status(200).type('application/x-ndjson');
  for await (const line of lines) {
    const ok = res.write(line.endsWith('\n') ? line : `${line}\n`);
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
