import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/app-info';
import { checkModel, type CheckContext } from '../../scripts/ci/validate-compose.checks';
import { checkStacksEnvironment, probeConfig } from '../../scripts/ci/validate-compose.config';
import { checkDockerfile, isPinned, readDockerfile } from '../../scripts/ci/validate-compose.dockerfile';
import { mergeCompose } from '../../scripts/ci/validate-compose.merge';
import { loadComposeSchema } from '../../scripts/ci/validate-compose.schema';
import { validateCompose } from '../../scripts/ci/validate-compose';
import { interpolate, parseComposeYaml } from '../../scripts/ci/validate-compose.yaml';

const DOCKERFILE = readFileSync(path.join(ROOT_DIR, 'Dockerfile'), 'utf8');
const SAMPLE_LOAD =
  'exec node bin/stacks.js ingest ingest/samples/*.mrc ingest/samples/*.xml ingest/samples/*.json ingest/samples/*.mrk';

function context(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    root: ROOT_DIR,
    dockerfile: readDockerfile(DOCKERFILE),
    readme: 'the API answers on localhost:3000',
    ...overrides,
  };
}

/** A small valid model in the shape of docker-compose.yml, changed per test. */
function model(): { services: Record<string, Record<string, unknown>>; volumes: Record<string, null> } {
  const env: Record<string, string> = Object.fromEntries([...probeConfig({}).reads].map((n) => [n, '']));
  Object.assign(env, { PORT: '3000', STACKS_DB: '/data/stacks.db' });
  return {
    services: {
      db: {
        image: 'mongo:8.0.29',
        healthcheck: { test: ['CMD', 'true'] },
        restart: 'unless-stopped',
      },
      load: {
        image: 'stacks:local',
        build: '.',
        command: ['sh', '-c', SAMPLE_LOAD],
        environment: { ...env },
        volumes: ['state:/data'],
        depends_on: { db: { condition: 'service_healthy' } },
        restart: 'no',
      },
      api: {
        image: 'stacks:local',
        build: '.',
        environment: { ...env },
        ports: ['3000:3000'],
        volumes: ['state:/data'],
        depends_on: {
          db: { condition: 'service_healthy' },
          load: { condition: 'service_completed_successfully' },
        },
        restart: 'unless-stopped',
      },
    },
    volumes: { state: null },
  };
}

describe('validate-compose', () => {
  it('when the repository’s Compose files and Dockerfile are checked, then there is no error', () => {
    const result = validateCompose();

    expect(result.errors).toEqual([]);
    expect(result.checked.join('\n')).toContain('docker-compose.yml + docker-compose.opensearch.yml');
  });

  it('when the model is the small valid one, then checkModel finds nothing', () => {
    expect(checkModel(model(), context()).errors).toEqual([]);
  });

  it('when an image floats (latest, no tag, a major only), then each is named', () => {
    const m = model();
    m.services.db!.image = 'mongo:latest';
    m.services.other = { image: 'redis', restart: 'no' };
    m.services.third = { image: 'node:20', restart: 'no' };
    m.services.api!.image = 'stacks';

    const errors = checkModel(m, context()).errors.join('\n');

    expect(errors).toMatch(/db: image mongo:latest is not pinned/);
    expect(errors).toMatch(/other: image redis is not pinned/);
    expect(errors).toMatch(/third: image node:20 is not pinned/);
    expect(errors).toMatch(/api: a built image needs an explicit tag/);
  });

  it('when depends_on names a missing service or a condition the target cannot meet, then it fails', () => {
    const m = model();
    m.services.api!.depends_on = {
      nowhere: { condition: 'service_started' },
      load: { condition: 'service_healthy' },
      db: { condition: 'service_completed_successfully' },
    };
    m.services.load!.healthcheck = { disable: true };

    const errors = checkModel(m, context()).errors.join('\n');

    expect(errors).toMatch(/api: depends on nowhere, which is not a service/);
    expect(errors).toMatch(/api: waits for load to be healthy, but load has no health check/);
    expect(errors).toMatch(/api: waits for db to complete, but db restarts/);
  });

  it('when a long-running backend has no health check, then it fails', () => {
    const m = model();
    delete m.services.db!.healthcheck;

    expect(checkModel(m, context()).errors.join('\n')).toMatch(
      /db: a long-running service needs a health check/,
    );
  });

  it('when the API port is not the one it listens on, not exposed or not documented, then it fails', () => {
    const m = model();
    m.services.api!.ports = ['8080:8080'];

    const errors = checkModel(m, context()).errors.join('\n');

    expect(errors).toMatch(/api: publishes 8080 but listens on 3000/);
    expect(errors).toMatch(/api: publishes 8080, which the Dockerfile does not EXPOSE/);
    expect(errors).toMatch(/README "Running at scale" lacks localhost:8080/);
  });

  it('when a backend is published on every interface, then it fails; on 127.0.0.1 it passes', () => {
    const m = model();
    m.services.db!.ports = ['27017:27017'];
    expect(checkModel(m, context({ readme: 'localhost:3000 localhost:27017' })).errors.join('\n')).toMatch(
      /db: a backend without authentication may be published on 127.0.0.1 only/,
    );

    m.services.db!.ports = ['127.0.0.1:27017:27017'];
    expect(checkModel(m, context({ readme: 'localhost:3000 localhost:27017' })).errors).toEqual([]);
  });

  it('when STACKS_DB is not on a volume or a volume is undeclared, then it fails', () => {
    const m = model();
    m.services.api!.volumes = ['other:/srv'];

    const errors = checkModel(m, context()).errors.join('\n');

    expect(errors).toMatch(/api: STACKS_DB lives in \/data, which no volume keeps/);
    expect(errors).toMatch(/volume other is used but not declared/);
  });

  it('when the sample load misses a format or names no file, then it fails', () => {
    const m = model();
    m.services.load!.command = [
      'sh',
      '-c',
      'node bin/stacks.js ingest ingest/samples/*.mrc ingest/samples/*.marc',
    ];

    const errors = checkModel(m, context()).errors.join('\n');

    expect(errors).toMatch(/load: ingest\/samples\/\*\.marc matches no file/);
    expect(errors).toMatch(/load: loads other files than the bundled samples: .*samples\.mrk/);
  });

  it('when a Stacks service lacks a variable config.ts reads or sets an unknown one, then it fails', () => {
    const env = { ...(model().services.api!.environment as Record<string, string>) };
    delete env.LOG_LEVEL;
    env.STACKS_LOGLEVEL = 'debug';

    const errors = checkStacksEnvironment('api', env);

    expect(errors).toContain('api: src/config.ts reads LOG_LEVEL, which is not set here');
    expect(errors).toContain('api: STACKS_LOGLEVEL is set but src/config.ts does not read it');
  });

  it('when a Stacks service chooses MongoDB and a search engine without their URLs, then each is named', () => {
    const env = { ...(model().services.api!.environment as Record<string, string>) };
    Object.assign(env, { STACKS_STORE: 'mongodb', STACKS_INDEX: 'opensearch', STACKS_INDEX_NAME: 'stacks' });

    const errors = checkStacksEnvironment('api', env).join('\n');

    expect(errors).toMatch(/api: src\/config\.ts reads MONGODB_URL, which is not set here/);
    expect(errors).toMatch(
      /api: src\/config\.ts rejects it: SEARCH_URL is required when STACKS_INDEX=opensearch/,
    );
  });

  it('when a value is bad, then config.ts’s own message is reported', () => {
    const env = { ...(model().services.api!.environment as Record<string, string>), PORT: 'eighty' };

    const errors = checkStacksEnvironment('api', env);

    expect(errors.join('\n')).toMatch(/api: src\/config\.ts rejects it: PORT="eighty"/);
  });

  it('when a file has an unknown key or a bad condition, then the schema names it', () => {
    const schema = loadComposeSchema();

    const errors = schema.validate({
      services: { a: { image: 'x:1.0.0', 'depends-on': ['b'], depends_on: { b: { condition: 'ready' } } } },
    });

    expect(errors.join('\n')).toMatch(/\/services\/a: must NOT have additional properties \(depends-on\)/);
    expect(errors.join('\n')).toMatch(/\/services\/a\/depends_on\/b\/condition: must be equal to one of/);
  });

  it('when values interpolate, then defaults, $$ and unset variables behave as in Compose', () => {
    const problems: string[] = [];

    const out = interpolate(
      { a: '${A:-one}', b: '${B-two}', c: 'cost $$5', d: '${D}', e: '$E' },
      { E: 'e' },
      problems,
    );

    expect(out).toEqual({ a: 'one', b: 'two', c: 'cost $5', d: '', e: 'e' });
    expect(problems).toEqual(['${D} has no default and D is not set']);
  });

  it('when an override file is merged, then !override replaces, maps merge and mounts keep one per target', () => {
    const base = parseComposeYaml(
      'services:\n  s:\n    environment: { A: "1", B: "2" }\n    volumes: [x:/data, y:/logs]\n    command: [a, b]\n',
      'base',
    );
    const later = parseComposeYaml(
      'services:\n  s:\n    environment: !override { C: "3" }\n    volumes: [z:/data]\n    command: [c]\n    ports: !reset []\n',
      'later',
    );

    const merged = mergeCompose(base, later) as { services: { s: Record<string, unknown> } };

    expect(merged.services.s).toEqual({
      environment: { C: '3' },
      volumes: ['z:/data', 'y:/logs'],
      command: ['c'],
    });
  });

  it('when the Dockerfile floats a base, runs as root or copies an ignored path, then it fails', () => {
    const text = 'FROM node:20 AS build\nCOPY docs ./docs\nFROM node:20.20.2-bookworm-slim\nCMD ["node"]\n';

    const problems = checkDockerfile(readDockerfile(text), ROOT_DIR, '*\n!src/\n').join('\n');

    expect(problems).toMatch(/FROM node:20 is not pinned/);
    expect(problems).toMatch(/non-root USER/);
    expect(problems).toMatch(/HEALTHCHECK that asks \/health/);
    expect(problems).toMatch(/COPY docs is left out of the build context/);
  });

  it('when images carry a full version or a digest, then they count as pinned', () => {
    expect(isPinned('docker.elastic.co/elasticsearch/elasticsearch:9.5.6')).toBe(true);
    expect(isPinned('node:20.20.2-bookworm-slim')).toBe(true);
    expect(isPinned(`mongo@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isPinned('localhost:5000/mongo')).toBe(false);
    expect(isPinned('mongo:8.0')).toBe(false);
  });
});
