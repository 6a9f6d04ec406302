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
