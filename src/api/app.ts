import express, { Router, type Express, type RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import type { Backends } from '../backends/backends';
import { AppError } from '../errors/app-error';
import type { JobService } from '../jobs/job.types';
import type { LoanPolicy } from '../domain/circulation/loan-policy';
import type { LocationDirectory } from '../domain/items/locations';
import { createDefaultMapper } from '../ingest/default-mapper';
import { LookupService } from '../services/lookup.service';
import type { MapRecord } from '../mapping/mapper';
import { AvailabilityService } from '../services/availability.service';
import { circulationPortsOf, CirculationService } from '../services/circulation.service';
import { ItemsService } from '../services/items.service';
import { patronsBackendsOf, PatronsService } from '../services/patrons.service';
import { CitationService } from '../interop/citations/citation.service';
import { RecordsService } from '../services/records.service';
import { SearchService } from '../services/search.service';
import { ShelfService } from '../services/shelf.service';
import { SuggestService } from '../services/suggest.service';
import { openLoanPolicy } from './loan-policy';
import { openLocationDirectory } from './location-directory';
import { createApiMetrics, type ApiMetrics } from './metrics/api.metrics';
import { loadSpec, type OpenApiSpec } from './openapi/openapi.spec';
import { RequestValidator } from './openapi/request-validator';
import { problemHandler, routeNotFound, type UnexpectedErrorSink } from './problem';
import { availabilityRoutes } from './routes/availability.routes';
import { browseRoutes } from './routes/browse.routes';
import { circulationRulesRoutes } from './routes/circulation-rules.routes';
import { circulationOfflineRoutes } from './routes/circulation-offline.routes';
import { circulationRoutes } from './routes/circulation.routes';
import { patronLoansRoutes } from './routes/patron-loans.routes';
import { docsRoutes } from './routes/docs.routes';
import { ingestRoutes } from './routes/ingest.routes';
import { itemsRoutes } from './routes/items.routes';
import { lookupRoutes } from './routes/lookup.routes';
import { operationsRoutes } from './routes/operations.routes';
import { patronsRoutes } from './routes/patrons.routes';
import { recordsRoutes } from './routes/records.routes';
import { createRouteKit, mountMethodNotAllowed, type Guard } from './routes/route-kit';
import { searchRoutes } from './routes/search.routes';
import { shelfRoutes } from './routes/shelf.routes';
import { suggestRoutes } from './routes/suggest.routes';
import { sruRoutes } from './routes/sru.routes';
import { oaiRoutes } from './routes/oai.routes';
import { jsonBody, rawBody } from './security/body-limits.middleware';
import { SruService } from '../interop/sru/sru.service';
import { OaiService, type OaiSettings } from '../interop/oai/oai.service';
import { DEFAULT_OAI_CONFIG } from '../config/oai.config';
import type { Role } from './security/security.types';

/**
 * The security module's middlewares, injected: request ids and logs, headers and CORS run
 * first; then authentication (res.locals.auth); then what needs the caller's identity (rate
 * limits); each route's `requireRole` comes from its operation's `x-min-role` in openapi.yaml.
 */
export interface AppSecurity {
  early?: RequestHandler[];
  authenticate: RequestHandler;
  afterAuth?: RequestHandler[];
  requireRole(role: Role): RequestHandler;
}

export interface AppDeps {
  backends: Backends;
  /** The catalog's mapper for record writes (default: the bundled profile). */
  map?: MapRecord;
  /** Libraries and shelving locations with their names (default: the bundled ingest/locations.json). */
  locations?: LocationDirectory;
  /**
   * The loan rules in force (default: the bundled ingest/loan-rules.yaml): circulation decides by
   * them, and registrations must name one of their patron types.
   */
  loanPolicy?: LoanPolicy;
  /** Ingest jobs; without it /ingest and /jobs answer 503 jobs_unavailable. */
  jobs?: JobService;
  /** Without it every caller is public and staff routes answer 401. */
  security?: AppSecurity;
  metrics?: ApiMetrics;
  limits?: { jsonBytes?: number; recordBytes?: number; ingestBytes?: number };
  /** Every 500, with its request id: to be logged (never sent to the client). */
  onUnexpected?: UnexpectedErrorSink;
  spec?: OpenApiSpec;
  /** What OAI-PMH's Identify says and its page sizes (default: DEFAULT_OAI_CONFIG). */
  oai?: OaiSettings;
  /** The clock OAI-PMH's resumption tokens expire by, in milliseconds (tests move it). */
  oaiClock?: () => number;
  /** True once the server drains before stopping: /ready answers 503 shutting_down. */
  shuttingDown?: () => boolean;
}

export const JSON_LIMIT_BYTES = 1024 * 1024;

/** The Express app: routes → services → ports, every route declared in openapi.yaml. */
export function createApp(deps: AppDeps): Express {
  const spec = deps.spec ?? loadSpec();
  const metrics = deps.metrics ?? createApiMetrics({ jobs: deps.jobs });
  const app = express();
  app.disable('x-powered-by');
  // Tags are ours (records' versions); Express's body hashes would cost a hash per response.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(metrics.middleware);
  app.use(...(deps.security?.early ?? [requestIdFallback]));
  app.use(deps.security?.authenticate ?? passThrough);
  if (deps.security?.afterAuth?.length) app.use(...deps.security.afterAuth);

  const router = Router();
  const guard: Guard = deps.security ? (role) => deps.security!.requireRole(role) : publicOnly;
  const kit = createRouteKit(router, spec, new RequestValidator(spec), guard);
  mountRoutes(kit, router, deps, spec, metrics);
  mountMethodNotAllowed(router, spec);
  app.use(router);
  app.use(routeNotFound);
  app.use(problemHandler(deps.onUnexpected ?? logUnexpected));
  return app;
}

function mountRoutes(
  kit: ReturnType<typeof createRouteKit>,
  router: Router,
  deps: AppDeps,
  spec: OpenApiSpec,
  metrics: ApiMetrics,
): void {
  const { backends } = deps;
  const search = new SearchService(backends.index);
  const citations = new CitationService(backends.store);
  const jsonLimit = deps.limits?.jsonBytes ?? JSON_LIMIT_BYTES;
  searchRoutes(kit, search, citations, jsonBody(jsonLimit));
  suggestRoutes(kit, new SuggestService(backends.index));
  browseRoutes(kit, search);
  sruRoutes(kit, new SruService(search, backends), rawBody(jsonLimit));
  lookupRoutes(kit, new LookupService(backends.store));
  const availability = new AvailabilityService(backends);
  const locations = deps.locations ?? openLocationDirectory();
  const oai = new OaiService(
    {
      search,
      backends,
      libraryName: (code) => locations.names({ library: code, shelf: '' }).libraryName,
      ...(deps.oaiClock && { now: deps.oaiClock }),
    },
    deps.oai ?? DEFAULT_OAI_CONFIG,
  );
  oaiRoutes(kit, oai, rawBody(jsonLimit));
  recordsRoutes(
    kit,
    new RecordsService(backends, deps.map ?? createDefaultMapper()),
    citations,
    deps.limits?.recordBytes,
    (id) => availability.summary(id),
  );
  itemsRoutes(kit, new ItemsService(backends, locations), locations, jsonBody(jsonLimit));
  availabilityRoutes(kit, availability, locations);
  // Registrations name one of the rules' patron types.
  const loanPolicy = deps.loanPolicy ?? openLoanPolicy();
  patronsRoutes(
    kit,
    new PatronsService(patronsBackendsOf(backends), {
      locations,
      patronTypes: loanPolicy.describe().patronTypes,
    }),
    jsonBody(jsonLimit),
  );
  ingestRoutes(kit, deps.jobs, deps.limits?.ingestBytes);
  shelfRoutes(kit, new ShelfService(backends, locations), jsonBody(jsonLimit));
  circulationRulesRoutes(kit, loanPolicy);
  const circulation = new CirculationService(circulationPortsOf(backends), loanPolicy);
  // Operations a crashed process left half done are settled before (or beside) the first ones.
  circulation.startRecovery();
  circulationRoutes(kit, circulation, locations, jsonBody(jsonLimit));
  patronLoansRoutes(kit, circulation);
  circulationOfflineRoutes(kit, circulation, locations);
  operationsRoutes(kit, backends, metrics, deps.shuttingDown);
  docsRoutes(kit, router, spec);
}

const passThrough: RequestHandler = (_req, _res, next) => next();

/** Without the security module nobody can prove a role, so only public operations are open. */
const publicOnly: Guard = (role) =>
  role === 'public'
    ? passThrough
    : (_req, _res, next) => next(new AppError('unauthorized', `this operation needs a ${role} API key`));

/** Request ids when no logging middleware is injected (tests): problems still quote one. */
const requestIdFallback: RequestHandler = (_req, res, next) => {
  res.locals.requestId = randomUUID();
  res.setHeader('X-Request-Id', res.locals.requestId as string);
  next();
};

const logUnexpected: UnexpectedErrorSink = (err, req, requestId) => {
  const log = req.res?.locals.log as { error(obj: unknown, msg: string): void } | undefined;
  if (log) log.error({ err, requestId }, 'unexpected error');
  else
    process.stderr.write(
      `unexpected error (request ${requestId ?? '-'}): ${(err as Error)?.stack ?? String(err)}\n`,
    );
};
