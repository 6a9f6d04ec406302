import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OUTCOMES } from '../../ingest/ingest.types';
import { JOB_STATES, type JobService, type JobStats } from '../../jobs/job.types';

/**
 * Prometheus metrics for one app (its own registry, so tests can build many apps): requests
 * and latencies by route template and status, and the job service's ingest counters read at
 * scrape time.
 * prom-client costs about half a microsecond per observation on this machine (docs/api.md).
 */
export interface ApiMetrics {
  readonly contentType: string;
  middleware: RequestHandler;
  text(): Promise<string>;
}

const SNAPSHOT_MS = 1000;

export function createApiMetrics(options: { jobs?: JobService; processMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'stacks_' });
  const requests = new Counter({
    name: 'stacks_http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'stacks_http_request_duration_seconds',
    help: 'HTTP request latency by method and route template',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobs = options.jobs;
  if (jobs?.stats) registerIngestMetrics(registry, () => (jobs.stats as () => Promise<JobStats>).call(jobs));
  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The spec's template, never the raw path: ids in paths would make one series per record.
      const route = (res.locals.operation as { path?: string } | undefined)?.path ?? 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
  return { contentType: registry.contentType, middleware, text: () => registry.metrics() };
}

function registerIngestMetrics(registry: Registry, stats: () => Promise<JobStats>): void {
  // Both collect concurrently within one scrape: they share one read of the stats.
  let pending: { at: number; stats: Promise<JobStats> } | undefined;
  const snapshot = (): Promise<JobStats> => {
    if (!pending || Date.now() - pending.at > SNAPSHOT_MS) pending = { at: Date.now(), stats: stats() };
    return pending.stats;
  };
  new Gauge({
    name: 'stacks_ingest_jobs',
    help: 'Ingest jobs in the job table, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { jobs } = await snapshot();
      for (const state of JOB_STATES) this.set({ state }, jobs[state] ?? 0);
    },
  });
  new Counter({
    name: 'stacks_ingest_records_total',
    help: 'Records written by ingest jobs since this process started, by outcome (dry runs excluded)',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      const { records } = await snapshot();
      // The job service keeps the running totals; the counter mirrors them at each scrape.
      this.reset();
      for (const outcome of OUTCOMES) this.inc({ outcome }, records[outcome] ?? 0);
    },
  });
}
