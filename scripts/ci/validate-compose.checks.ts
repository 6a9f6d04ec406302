import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sampleFiles } from '../../src/cli/sample-seed';
import { checkStacksEnvironment } from './validate-compose.config';
import { isPinned, type DockerfileFacts } from './validate-compose.dockerfile';
import { volumeTarget } from './validate-compose.merge';
import { isPlainObject } from './validate-compose.yaml';

/**
 * Rules the Compose schema cannot state, run on one merged, interpolated model (the default file,
 * and the default file with each override). Each problem names the service and what to fix.
 */
export interface CheckContext {
  root: string;
  dockerfile: DockerfileFacts;
  /** The README section "Running at scale". */
  readme: string;
}

export interface CheckReport {
  errors: string[];
}

type Service = Record<string, unknown>;

export function checkModel(model: unknown, ctx: CheckContext): CheckReport {
  const services = servicesOf(model);
  const report: CheckReport = { errors: [] };
  report.errors.push(
    ...checkImages(services),
    ...checkDependencies(services),
    ...checkHealth(services),
    ...checkPorts(services, ctx),
    ...checkVolumes(model, services, ctx),
    ...checkSampleLoad(services, ctx),
  );
  for (const [name, service] of stacksServices(services)) {
    report.errors.push(...checkStacksEnvironment(name, environmentOf(service)));
  }
  return report;
}

function servicesOf(model: unknown): Map<string, Service> {
  const services = isPlainObject(model) && isPlainObject(model.services) ? model.services : {};
  return new Map(Object.entries(services).filter((e): e is [string, Service] => isPlainObject(e[1])));
}

/** Services built from this repository's Dockerfile: they run Stacks and read its config. */
function stacksServices(services: Map<string, Service>): [string, Service][] {
  return [...services].filter(([, s]) => s.build !== undefined);
}

export function environmentOf(service: Service): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e) => String(e).split(/=(.*)/s, 2) as [string, string]));
  }
  if (!isPlainObject(env)) return {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function checkImages(services: Map<string, Service>): string[] {
  const problems: string[] = [];
  for (const [name, service] of services) {
    const image = typeof service.image === 'string' ? service.image : undefined;
    if (service.build !== undefined) {
      if (image === undefined || /:latest$/.test(image) || !image.includes(':')) {
        problems.push(`${name}: a built image needs an explicit tag other than latest (image: name:tag)`);
      }
    } else if (image === undefined || !isPinned(image)) {
      problems.push(`${name}: image ${image ?? '(none)'} is not pinned to a full version (X.Y.Z)`);
    }
  }
  return problems;
}

function dependenciesOf(service: Service): [string, string][] {
  const deps = service.depends_on;
  if (Array.isArray(deps)) return deps.map((d) => [String(d), 'service_started']);
  if (!isPlainObject(deps)) return [];
  return Object.entries(deps).map(([d, v]) => [d, isPlainObject(v) ? String(v.condition) : '']);
}

function checkDependencies(services: Map<string, Service>): string[] {
  const problems: string[] = [];
  for (const [name, service] of services) {
    for (const [target, condition] of dependenciesOf(service)) {
      const dependency = services.get(target);
      if (!dependency) {
        problems.push(`${name}: depends on ${target}, which is not a service`);
      } else if (condition === 'service_healthy' && !hasHealthcheck(dependency)) {
        problems.push(`${name}: waits for ${target} to be healthy, but ${target} has no health check`);
      } else if (condition === 'service_completed_successfully' && !runsOnce(dependency)) {
        problems.push(`${name}: waits for ${target} to complete, but ${target} restarts (set restart: 'no')`);
      }
    }
  }
  return problems;
}

function hasHealthcheck(service: Service): boolean {
  const check = isPlainObject(service.healthcheck) ? service.healthcheck : undefined;
  if (check?.disable === true) return false;
  // A Stacks service inherits the Dockerfile's HEALTHCHECK (checked in checkDockerfile).
  return check?.test !== undefined || service.build !== undefined;
}

function runsOnce(service: Service): boolean {
  return service.restart === undefined || service.restart === 'no';
}

function checkHealth(services: Map<string, Service>): string[] {
  return [...services]
    .filter(([, s]) => !runsOnce(s) && !hasHealthcheck(s))
    .map(([name]) => `${name}: a long-running service needs a health check`);
}

interface Published {
  hostIp?: string;
  published: string;
  target: number;
}

function portsOf(service: Service): Published[] {
  const ports = Array.isArray(service.ports) ? service.ports : [];
  return ports.map((p): Published => {
    if (isPlainObject(p)) {
      const hostIp = typeof p.host_ip === 'string' ? p.host_ip : undefined;
      return { hostIp, published: String(p.published ?? ''), target: Number(p.target) };
    }
    const parts = String(p).split('/')[0]?.split(':') ?? [];
    const target = Number(parts.pop());
    const published = parts.pop() ?? '';
    return { hostIp: parts.pop(), published, target };
  });
}

function checkPorts(services: Map<string, Service>, ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const [name, service] of services) {
    const stacks = service.build !== undefined;
    const port = Number(environmentOf(service).PORT ?? ctx.dockerfile.env.PORT);
    for (const p of portsOf(service)) {
      if (p.published === '') problems.push(`${name}: port ${p.target} is published on a random host port`);
      if (stacks && p.target !== port) problems.push(`${name}: publishes ${p.target} but listens on ${port}`);
      if (stacks && !ctx.dockerfile.exposed.includes(p.target)) {
        problems.push(`${name}: publishes ${p.target}, which the Dockerfile does not EXPOSE`);
      }
      if (!stacks && p.hostIp !== '127.0.0.1') {
        problems.push(`${name}: a backend without authentication may be published on 127.0.0.1 only`);
      }
      const documented = `localhost:${p.published}`;
      if (!ctx.readme.includes(documented))
        problems.push(`${name}: README "Running at scale" lacks ${documented}`);
    }
  }
  return problems;
}

function checkVolumes(model: unknown, services: Map<string, Service>, ctx: CheckContext): string[] {
  const declared = new Set(
    Object.keys(isPlainObject(model) && isPlainObject(model.volumes) ? model.volumes : {}),
  );
  const used = new Set<string>();
  const problems: string[] = [];
  for (const [name, service] of services) {
    const mounts = Array.isArray(service.volumes) ? service.volumes : [];
    for (const mount of mounts) {
      const source = isPlainObject(mount) ? String(mount.source ?? '') : String(mount).split(':')[0];
      if (source && !/^[./~]/.test(source)) used.add(source);
    }
    if (service.build === undefined) continue;
    const dataDir = path.posix.dirname(
      environmentOf(service).STACKS_DB ?? ctx.dockerfile.env.STACKS_DB ?? '',
    );
    if (!mounts.some((m) => volumeTarget(m) === dataDir)) {
      problems.push(`${name}: STACKS_DB lives in ${dataDir}, which no volume keeps`);
    }
    if (!ctx.dockerfile.volumes.includes(dataDir)) problems.push(`Dockerfile: no VOLUME for ${dataDir}`);
  }
  for (const v of used) if (!declared.has(v)) problems.push(`volume ${v} is used but not declared`);
  return problems;
}

/** The one-shot load: its shell patterns must name exactly the sample files `serve` would seed. */
function checkSampleLoad(services: Map<string, Service>, ctx: CheckContext): string[] {
  const problems: string[] = [];
  for (const [name, service] of stacksServices(services)) {
    const command = Array.isArray(service.command) ? service.command.map(String) : [];
    const script = command[0] === 'sh' && command[1] === '-c' ? (command[2] ?? '') : '';
    const words = script.split(/\s+/);
    if (!words.includes('ingest')) continue;
    const patterns = words.filter((w) => w.includes('*'));
    const matched = new Set<string>();
    for (const pattern of patterns) {
      const files = expand(ctx.root, pattern);
      if (files.length === 0) problems.push(`${name}: ${pattern} matches no file (sh would pass it as is)`);
      files.forEach((f) => matched.add(f));
    }
    const samples = sampleFiles(path.join(ctx.root, 'ingest', 'samples')).map((f) =>
      path.relative(ctx.root, f),
    );
    const differ = samples
      .filter((f) => !matched.has(f))
      .concat([...matched].filter((f) => !samples.includes(f)));
    if (differ.length > 0)
      problems.push(`${name}: loads other files than the bundled samples: ${differ.join(', ')}`);
  }
  return problems;
}

/** A shell glob with `*` in the file name only, relative to the repository root. */
function expand(root: string, pattern: string): string[] {
  const dir = path.posix.dirname(pattern);
  const literal = path.posix.basename(pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const regex = new RegExp(`^${literal.replace(/\*/g, '[^/]*')}$`);
  let names: string[];
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return [];
  }
  return names.filter((n) => regex.test(n) && !n.startsWith('.')).map((n) => path.posix.join(dir, n));
}
