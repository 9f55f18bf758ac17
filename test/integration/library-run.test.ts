/**
 * The library's `run()` is quiet unless asked: a program that imports scim-harness owns its
 * terminal. Reporters are chosen as the CLI's --reporter chooses them, or handed over as objects.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { run, type Reporter, type RunSummary } from '../../harness';
import { useScratchDir } from '../helpers/scratch-dir';

const scratch = useScratchDir('scim-harness-library');

/** Everything written to the process's stdout and stderr while `action` runs. */
async function captureStdio<T>(action: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const text = (chunk: unknown): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += text(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += text(chunk);
    return true;
  });
  try {
    const result = await action();
    return { result, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const ONE_SCENARIO = { scenario: ['users/create'], dialects: ['entra'] as const };

describe('run() from the library', () => {
  it('writes nothing to stdout or stderr by default and returns the verdict and where the run was written', async () => {
    const out = scratch.fresh('quiet');
    const { result, stdout, stderr } = await captureStdio(() => run({ ...ONE_SCENARIO, out }));
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    expect(result.verdict.outcome).toBe('passed');
    expect(result.exitCode).toBe(0);
    expect(result.summary.outDir).toBe(out);
    expect(existsSync(result.summary.runFile)).toBe(true);
    // No reporter asked, no report file written.
    expect(existsSync(path.join(out, 'report.json'))).toBe(false);
  });

  it('stays quiet with file reporters only, and writes their files', async () => {
    const out = scratch.fresh('files');
    const { stdout, stderr } = await captureStdio(() => run({ ...ONE_SCENARIO, out, reporter: 'json' }));
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  });

  it("prints the console report when reporter: ['console'] is asked for", async () => {
    const out = scratch.fresh('console');
    const { result, stdout } = await captureStdio(() => run({ ...ONE_SCENARIO, out, reporter: ['console'] }));
    expect(stdout).toContain(result.verdict.headline);
    expect(stdout).toContain('users/create');
  });

  it('calls Reporter objects handed over, without printing', async () => {
    const out = scratch.fresh('object');
    const ended: RunSummary[] = [];
    const reporter: Reporter = { name: 'collector', onRunEnd: (summary) => void ended.push(summary) };
    const { result, stdout, stderr } = await captureStdio(() => run({ ...ONE_SCENARIO, out, reporter: [reporter] }));
    expect(stdout + stderr).toBe('');
    expect(ended).toHaveLength(1);
    expect(ended[0].verdict.headline).toBe(result.verdict.headline);
  });
});
