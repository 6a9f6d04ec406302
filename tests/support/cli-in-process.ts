import { run } from '../../src/cli/main';

/** Runs the `stacks` command in this process, capturing its stderr and its exit code. */
export async function stacksInProcess(...args: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  process.exitCode = 0;
  try {
    await run(['node', 'stacks', ...args]);
    return { code: Number(process.exitCode ?? 0), stderr: lines.join('') };
  } finally {
    spy.mockRestore();
    process.exitCode = 0;
  }
}

/**
 * As stacksInProcess, with these environment variables set for the run (restored after) and its
 * stdout dropped: for commands that read the catalog's settings from the environment.
 */
export async function stacksInProcessWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stderr: string }> {
  return withEnv(env, async () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      return await stacksInProcess(...args);
    } finally {
      out.mockRestore();
    }
  });
}

/** Runs `work` with these environment variables set, then puts back what was there. */
export async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
