import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../../src/api/app';
import { createDefaultMapper } from '../../../src/ingest/default-mapper';
import { createJobService, type JobServiceHandle } from '../../../src/jobs/job.service';
import type { Catalog, CatalogTarget } from './api-backends';
import { headerRoleSecurity } from './api-fixture';

/** A catalog with ingest jobs behind the app, uploads in a temporary directory of its own. */
export interface JobsApp {
  catalog: Catalog;
  jobs: JobServiceHandle;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function openJobsApp(target: CatalogTarget, label: string): Promise<JobsApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `stacks-api-${label}-`));
  const catalog = await target.open();
  const { backends } = catalog;
  const map = createDefaultMapper();
  const jobs = createJobService({ db: catalog.db, backends, map, uploadDir: path.join(dir, 'uploads') });
  const app = createApp({
    backends,
    jobs,
    map,
    security: headerRoleSecurity(),
    onUnexpected: () => undefined,
  });
  return {
    catalog,
    jobs,
    app,
    async close() {
      await jobs.close();
      await catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
