/**
 * `sync --restart-at N --reset-scope …` restarts the job as Entra's restart API does
 * (docs/entra-behaviour.md#restart): Watermark makes the next cycle an initial one again over the same links;
 * Full also breaks the links, so every object is matched again by filter before anything else.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../harness/cli/main';
import { type RunRecord } from '../../harness/contract/run-events';

async function sync(args: string[]): Promise<{ code: number; records: RunRecord[]; stderr: string }> {
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-restart-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const errors: Buffer[] = [];
  stdout.resume();
  stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  try {
    const code = await main(['sync', '--population', '12', '--reporter', 'json', '--out', out, ...args], { stdout, stderr, env: {} });
    const text = code === 2 ? '' : readFileSync(path.join(out, 'run.ndjson'), 'utf8');
    const records = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunRecord);
    return { code, records, stderr: Buffer.concat(errors).toString('utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function cycleKinds(records: readonly RunRecord[]): string[] {
  return records.flatMap((r) => (r.event.type === 'cycle-start' ? [r.event.kind] : []));
}

function createsInCycle(records: readonly RunRecord[], cycleNumber: number): number {
  return records.filter((r) => r.event.type === 'entry' && r.event.entry.harness.cycleNumber === cycleNumber && r.event.entry.provisioningAction === 'create').length;
}

describe('sync --restart-at', () => {
  it('without a restart, every cycle after the first is incremental', async () => {
    const { code, records } = await sync(['--cycles', '3', '--churn', '0']);
    expect(code).toBe(0);
    expect(cycleKinds(records)).toEqual(['initial', 'incremental', 'incremental']);
  });

  it('Watermark: the cycle after the restart is an initial cycle over the same links (no creates)', async () => {
    const { code, records } = await sync(['--cycles', '3', '--churn', '0', '--restart-at', '2', '--reset-scope', 'Watermark']);
    expect(code).toBe(0);
    expect(cycleKinds(records)).toEqual(['initial', 'incremental', 'initial']);
    expect(createsInCycle(records, 0)).toBeGreaterThan(0);
    expect(createsInCycle(records, 2)).toBe(0);
  });

  it('Full: links are broken, so the restarted initial cycle matches every object again instead of creating it', async () => {
    const { code, records } = await sync(['--cycles', '2', '--churn', '0', '--restart-at', '1', '--reset-scope', 'Full']);
    expect(code).toBe(0);
    expect(cycleKinds(records)).toEqual(['initial', 'initial']);
    expect(createsInCycle(records, 1)).toBe(0);
    const matchQueries = records.filter(
      (r) => r.event.type === 'entry' && r.event.entry.harness.cycleNumber === 1 && r.event.entry.harness.exchanges.some((x) => x.request.method === 'GET' && x.request.url.includes('filter=')),
    );
    expect(matchQueries.length).toBeGreaterThan(0);
    // What the job created before the links were broken is still what it cleans up, once each.
    const cleanupDeletes = records.filter((r) => r.event.type === 'exchange' && r.event.purpose === 'cleanup' && r.event.exchange.response?.status === 204);
    expect(cleanupDeletes).toHaveLength(createsInCycle(records, 0));
  });

  it('refuses an unknown reset scope before any request, naming it and the valid flags', async () => {
    const { code, stderr } = await sync(['--cycles', '3', '--restart-at', '2', '--reset-scope', 'Everything']);
    expect(code).toBe(2);
    expect(stderr).toContain('"Everything"');
    expect(stderr).toContain('QuarantineState');
  });
});
