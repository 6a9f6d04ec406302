import type { Backends } from '../../backends/backends';
import { AppError } from '../../errors/app-error';
import type { ApiMetrics } from '../metrics/api.metrics';
import type { RouteKit } from './route-kit';

/**
 * Liveness, readiness and metrics. `shuttingDown` turns /ready to 503 while the server drains
 * (a balancer then stops sending it new requests); /health stays 200, the process being alive.
 */
export function operationsRoutes(
  kit: RouteKit,
  backends: Backends,
  metrics: ApiMetrics,
  shuttingDown: () => boolean = () => false,
): void {
  kit.add('health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // /health touches nothing; /ready asks this thread's own connection, never the read pool, so
  // neither waits behind queued searches.
  const { store, index } = backends.direct ?? backends;
  kit.add('ready', async (_req, res) => {
    if (shuttingDown()) {
      throw new AppError('shutting_down', 'the server is finishing its requests before it stops', {
        check: 'shutdown',
      });
    }
    // Each port is asked something cheap that needs its storage; a failure names which one.
    const records = await check('store', () => store.count());
    // Records stored but not yet searchable: the index is reachable but behind (still ready).
    const indexLag = await check('store', () => store.pendingIndexCount());
    await check('index', () => index.count());
    res.json({ status: 'ready', checks: { store: 'ok', index: 'ok' }, records, indexLag });
  });

  kit.add('metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.text());
  });
}

async function check<T>(what: 'store' | 'index', probe: () => Promise<T>): Promise<T> {
  try {
    return await probe();
  } catch (err) {
    const code = what === 'store' ? 'store_unavailable' : 'index_unavailable';
    throw new AppError(code, `the ${what} did not answer: ${(err as Error).message}`, { check: what });
  }
}
