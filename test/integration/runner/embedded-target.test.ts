/**
 * The runner starts the embedded default target only through what the composition root hands it
 * (`SessionIo.startEmbeddedTarget`): it never loads examples/ itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startScimServer } from '../../../examples/scim-server';
import { resolveRunConfig } from '../../../harness/config/load-config';
import { ConfigurationError } from '../../../harness/errors';
import { type EmbeddedTargetOptions } from '../../../harness/runner/embedded-target';
import { runSync } from '../../../harness/runner/sync';
import { useScratchDir } from '../../helpers/scratch-dir';

const scratch = useScratchDir('scim-harness-embedded');
const quiet = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

describe('the embedded default target', () => {
  it('is the one the composition root injects, started with the run token and closed at the end', async () => {
    const started: EmbeddedTargetOptions[] = [];
    let closed = 0;
    const out = scratch.fresh('injected');
    const config = resolveRunConfig({ population: 3, cycles: 1, reporter: 'json', out }, {});
    const result = await runSync(config, {
      stdout: quiet(),
      stderr: quiet(),
      env: {},
      startEmbeddedTarget: async (options) => {
        started.push(options);
        const server = await startScimServer({ port: 0, host: '127.0.0.1', token: options.token });
        return { baseUrl: server.baseUrl, close: async () => { closed += 1; await server.close(); } };
      },
    });
    expect(started).toHaveLength(1);
    expect(started[0]!.token.length).toBeGreaterThan(0);
    expect(closed).toBe(1);
    expect(result.verdict.entries?.failed).toBe(0);
    expect(result.verdict.entries?.total).toBeGreaterThan(0);
  });

  it('is a usage error, before any output is kept, when no --target is given and none is injected', async () => {
    const out = scratch.fresh('none');
    const config = resolveRunConfig({ population: 3, cycles: 1, reporter: 'json', out }, {});
    const running = runSync(config, { stdout: quiet(), stderr: quiet(), env: {} });
    await expect(running).rejects.toThrow(ConfigurationError);
    await expect(running).rejects.toThrow(/--target/);
    expect(existsSync(path.join(out, 'run.ndjson'))).toBe(false);
  });
});
