import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What the validator needs to know about the Dockerfile, read from its text (no engine here to
 * build it): the stages' base images, and the final stage's user, health check, port, volumes,
 * environment and the files it copies from the build context.
 */
export interface DockerfileFacts {
  baseImages: string[];
  user?: string;
  healthcheck?: string;
  exposed: number[];
  volumes: string[];
  env: Record<string, string>;
  /** Build-context paths named by COPY/ADD in any stage (not `--from` copies). */
  contextSources: string[];
}

interface Instruction {
  op: string;
  args: string;
}

export function readDockerfile(text: string): DockerfileFacts {
  const facts: DockerfileFacts = { baseImages: [], exposed: [], volumes: [], env: {}, contextSources: [] };
  for (const { op, args } of instructions(text)) {
    if (op === 'FROM') {
      facts.baseImages.push(args.split(/\s+/)[0] ?? '');
      Object.assign(facts, { user: undefined, healthcheck: undefined, exposed: [], volumes: [], env: {} });
    } else if (op === 'USER') facts.user = args.trim();
    else if (op === 'HEALTHCHECK') facts.healthcheck = args;
    else if (op === 'EXPOSE') facts.exposed.push(...args.split(/\s+/).map((p) => Number.parseInt(p, 10)));
    else if (op === 'VOLUME') facts.volumes.push(...jsonOrWords(args));
    else if (op === 'ENV') Object.assign(facts.env, envPairs(args));
    else if (op === 'COPY' || op === 'ADD') facts.contextSources.push(...copySources(args));
  }
  return facts;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const out: Instruction[] = [];
  for (const line of joined.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [op = '', ...rest] = trimmed.split(/\s+/);
    out.push({ op: op.toUpperCase(), args: rest.join(' ') });
  }
  return out;
}

function jsonOrWords(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.trim().split(/\s+/);
}

function envPairs(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const word of args.trim().split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) pairs[word.slice(0, eq)] = word.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  return pairs;
}

function copySources(args: string): string[] {
  const words = args.trim().split(/\s+/);
  if (words.some((w) => w.startsWith('--from='))) return [];
  const paths = words.filter((w) => !w.startsWith('--'));
  return paths.slice(0, -1);
}

/** Dockerfile rules no schema states; each problem names what to fix. */
export function checkDockerfile(facts: DockerfileFacts, root: string, dockerignore: string): string[] {
  const problems: string[] = [];
  for (const image of facts.baseImages) {
    if (!isPinned(image)) problems.push(`Dockerfile: FROM ${image} is not pinned to a full version`);
  }
  if (!facts.user || ['root', '0'].includes(facts.user.split(':')[0] ?? '')) {
    problems.push('Dockerfile: the final stage must switch to a non-root USER');
  }
  if (!facts.healthcheck?.includes('/health')) {
    problems.push('Dockerfile: the final stage needs a HEALTHCHECK that asks /health');
  }
  if (facts.exposed.length === 0) problems.push('Dockerfile: the final stage EXPOSEs no port');
  const allowed = dockerignoreAllowlist(dockerignore, problems);
  for (const source of new Set(facts.contextSources)) {
    if (!existsSync(path.join(root, source))) problems.push(`Dockerfile: COPY ${source}: no such path`);
    else if (allowed && !allowed.some((a) => source === a || source.startsWith(`${a}/`))) {
      problems.push(`Dockerfile: COPY ${source} is left out of the build context by .dockerignore`);
    }
  }
  return problems;
}

/** An image reference pinned to X.Y.Z (optionally with a suffix) or to a digest. */
export function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon < 0) return false;
  return /^\d+\.\d+\.\d+([-.][A-Za-z0-9.-]+)?$/.test(image.slice(colon + 1));
}

/**
 * The paths an allowlist-style .dockerignore (`*`, then `!path` lines) lets in. Other patterns
 * are reported rather than half-understood; `undefined` when the file is not an allowlist.
 */
function dockerignoreAllowlist(text: string, problems: string[]): string[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines[0] !== '*') {
    problems.push(
      '.dockerignore: expected an allowlist starting with `*` (the validator reads only that form)',
    );
    return undefined;
  }
  const allowed: string[] = [];
  for (const line of lines.slice(1)) {
    const match = /^!([A-Za-z0-9._/-]+?)\/?$/.exec(line);
    if (match?.[1]) allowed.push(match[1]);
    else problems.push(`.dockerignore: "${line}" is not a plain !path line`);
  }
  return allowed;
}
