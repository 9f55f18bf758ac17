/**
 * A large population whose creates fail too often is judged EncounteredEscrowProportionThreshold
 * (docs/entra-behaviour.md#quarantine-triggers): the proportion rule is not evaluated below 5,000
 * failures, so this needs a 12,000-user sync and runs in `npm run test:slow`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { resolveRunConfig } from '../../harness/config/load-config';
import { runSync } from '../../harness/runner/sync';
import { startTarget, TOKEN } from '../integration/engine/harness-fixture';

describe('a 12,000-user sync whose target fails creates (docs/entra-behaviour.md#quarantine-triggers escrow proportion)', () => {
  const quiet = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });
  const outDirs: string[] = [];

  afterAll(() => {
    for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
  });

  async function syncAgainstFailingCreates(rate: number): Promise<Awaited<ReturnType<typeof runSync>>> {
    const server = await startTarget({ faults: { failCreatesRate: rate }, recordRequests: false });
    const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-escrow-'));
    outDirs.push(out);
    try {
      // keep: cleaning 7,000 created objects out of a server that is closed next proves nothing here.
      const config = resolveRunConfig({ population: 12000, cycles: 2, reporter: 'json', out, target: server.baseUrl, token: TOKEN, keep: true }, {});
      return await runSync(config, { stdout: quiet(), stderr: quiet(), env: {} });
    } finally {
      await server.close();
    }
  }

  it('is judged EncounteredEscrowProportionThreshold when 45 % of creates fail', async () => {
    const result = await syncAgainstFailingCreates(0.45);
    expect(result.verdict.quarantine).toMatchObject({ wouldQuarantine: true, reason: 'EncounteredEscrowProportionThreshold' });
    expect(result.exitCode).toBe(3);
  }, 240_000);

  it('is not quarantined for the escrow proportion when 30 % of creates fail', async () => {
    const result = await syncAgainstFailingCreates(0.3);
    expect(result.verdict.quarantine.reason).not.toBe('EncounteredEscrowProportionThreshold');
    expect(result.verdict.quarantine.wouldQuarantine).toBe(false);
    expect(result.exitCode).not.toBe(3);
  }, 240_000);
});
