import { loadConfig } from '../../src/config';
import { AppError } from '../../src/errors/app-error';

/**
 * What src/config.ts makes of an environment: the variables it read (recorded through a proxy,
 * so the list is the code's own, not a copy kept here) and the problems it reported.
 */
export interface ConfigProbe {
  reads: Set<string>;
  problems: string[];
}

export function probeConfig(env: Record<string, string>): ConfigProbe {
  const reads = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') reads.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
    has(target, name) {
      if (typeof name === 'string') reads.add(name);
      return name in target;
    },
  });
  try {
    loadConfig(recording);
    return { reads, problems: [] };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_config') throw error;
    return { reads, problems: (error.details.problems as string[] | undefined) ?? [error.message] };
  }
}

/**
 * The scale-out settings (STACKS_STORE=mongodb, STACKS_INDEX=elasticsearch|opensearch) are
 * wired into src/config.ts separately from this file. Until config.ts accepts them, the
 * validator reports what it rejects as pending notices instead of failures; from the moment it
 * accepts STACKS_STORE=mongodb, every check on the Stacks environment is strict.
 */
export function scaleOutPending(): boolean {
  return probeConfig({ STACKS_STORE: 'mongodb' }).problems.some((p) => p.startsWith('STACKS_STORE='));
}

/** Read by config.ts once the scale-out settings are wired; only these wait while pending. */
const AWAITED_VARIABLES = ['MONGODB_URL', 'SEARCH_URL'];

export interface EnvironmentReport {
  errors: string[];
  notices: string[];
}

/** The service's environment against config.ts: every variable it reads is set, none is unknown. */
export function checkStacksEnvironment(
  service: string,
  env: Record<string, string>,
  pending: boolean,
): EnvironmentReport {
  const report: EnvironmentReport = { errors: [], notices: [] };
  const { reads, problems } = probeConfig(env);
  for (const name of [...reads].sort()) {
    if (!(name in env)) report.errors.push(`${service}: src/config.ts reads ${name}, which is not set here`);
  }
  for (const name of Object.keys(env).sort()) {
    if (reads.has(name)) continue;
    const text = `${service}: ${name} is set but src/config.ts does not read it`;
    (pending && AWAITED_VARIABLES.includes(name) ? report.notices : report.errors).push(text);
  }
  for (const problem of problems) {
    const awaited = pending && /^STACKS_(STORE|INDEX)=/.test(problem);
    (awaited ? report.notices : report.errors).push(`${service}: src/config.ts rejects it: ${problem}`);
  }
  return report;
}
