import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLoanPolicy } from '../../src/api/loan-policy';
import { openLocationDirectory } from '../../src/api/location-directory';
import type { Backends } from '../../src/backends/backends';
import { openBackends } from '../../src/backends/open-backends';
import { seedSampleDeskIfNew, type SampleDeskResult } from '../../src/cli/sample-desk';
import { seedSamplesIfEmpty } from '../../src/cli/sample-seed';
import { loadConfig } from '../../src/config';
import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { createDefaultMapper } from '../../src/ingest/default-mapper';
import { describeWithMongo } from '../support/services';

const SAMPLES = path.resolve(__dirname, '..', '..', 'ingest', 'samples');

/**
 * The sample desk on MongoDB, where `atomically` is no transaction: every operation takes the
 * service's path of compare-and-set steps behind intents, with the clock set back for each step.
 */
describeWithMongo('the sample desk on MongoDB', (mongoUrl) => {
  // A database of its own, named for this run, dropped at the end.
  let url: URL;
  let dir: string;
  let backends: Backends;
  let desk: SampleDeskResult | undefined;

  beforeAll(async () => {
    url = new URL(mongoUrl);
    url.pathname = `/stacks_desk_${process.pid}_${Date.now()}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-desk-mongo-'));
    const env = { STACKS_STORE: 'mongodb', MONGODB_URL: url.href, STACKS_DB: path.join(dir, 'local.db') };
    backends = await openBackends(loadConfig(env));
    await seedSamplesIfEmpty(backends, createDefaultMapper(), SAMPLES);
    const rules = { policy: openLoanPolicy(), locations: openLocationDirectory() };
    desk = await seedSampleDeskIfNew(backends, rules, SAMPLES);
  }, 300_000);

  afterAll(async () => {
    await backends?.close();
    if (!url) return;
    const connection = await connectMongo(url.href);
    await connection.dropDatabase();
    await disconnectMongo(connection);
    rmSync(dir, { recursive: true, force: true });
  });

  test('when seeded, then every step ran and no operation was left half done', async () => {
    expect(backends.transactional).toBeFalsy();
    expect(desk).toEqual({ patrons: 6, checkOuts: 7, checkIns: 2, renewals: 1, holds: 2, blocks: 1 });
    expect(await backends.circulation.pendingIntents('9999-12-31T00:00:00.000Z')).toEqual([]);
  });

  test('when the loans and queues are read, then five loans are open, one overdue, and a hold waits on the shelf', async () => {
    const { items } = await backends.items.loans({ limit: 10 });
    expect(items).toHaveLength(5);
    expect(items.filter((i) => i.loan!.dueAt < new Date().toISOString())).toHaveLength(1);
    expect((await backends.circulation.holdQueue('(StKS)stk001007')).map((h) => h.status)).toEqual([
      'on-hold-shelf',
    ]);
    expect((await backends.circulation.holdQueue('(StKS)stk001009')).map((h) => h.status)).toEqual([
      'waiting',
    ]);
  });
});
