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

/** The service's environment against config.ts: every variable it reads is set, none is unknown. */
export function checkStacksEnvironment(service: string, env: Record<string, string>): string[] {
  const errors: string[] = [];
  const { reads, problems } = probeConfig(env);
  for (const name of [...reads].sort()) {
    if (!(name in env)) errors.push(`${service}: src/config.ts reads ${name}, which is not set here`);
  }
  for (const name of Object.keys(env).sort()) {
    if (!reads.has(name)) errors.push(`${service}: ${name} is set but src/config.ts does not read it`);
  }
  for (const problem of problems) errors.push(`${service}: src/config.ts rejects it: ${problem}`);
  return errors;
}
