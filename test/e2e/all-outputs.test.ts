/**
 * One run against the bundled server with a failing fault switch produces every output, and
 * the outputs agree with each other: junit.xml counts match the verdict, the CSV and AAD exports
 * carry the documented columns, and `report` regenerates the same verdict from run.ndjson alone.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseFaultSwitches, startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { main } from '../../harness/cli/main';

const OUTPUTS = [
  'run.ndjson',
  'provisioning-logs.json',
  'job-status.json',
  'report.json',
  'junit.xml',
  'summary.md',
  'report.html',
  'ProvisioningLogs.csv',
  'ProvisioningLogs_ProvisioningSteps.csv',
  'ProvisioningLogs_ModifiedProperties.csv',
];

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stderr.resume();
  const code = await main(args, { stdout, stderr, env: {} });
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

function attribute(xml: string, element: string, name: string): number {
  const match = new RegExp(`<${element}\\b[^>]*\\b${name}="(\\d+)"`).exec(xml);
  if (!match) throw new Error(`no ${name} on <${element}>`);
  return Number(match[1]);
}

describe('a run with a failing fault switch (ignore-active)', () => {
  let server: RunningScimServer;
  let out: string;
  let code: number;

  beforeAll(async () => {
    server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('ignore-active', {}) });
    out = mkdtempSync(path.join(tmpdir(), 'scim-harness-outputs-'));
    ({ code } = await cli(['run', '--target', server.baseUrl, '--token', 't', '--scenario', 'users/create', '--scenario', 'users/disable', '--scenario', 'groups/add-members', '--out', out]));
  }, 60_000);

  afterAll(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('fails (exit 1) and writes every output', () => {
    expect(code).toBe(1);
    for (const file of OUTPUTS) expect(existsSync(path.join(out, file))).toBe(true);
  });

  it('writes junit.xml whose totals add up over its suites and count every failed and skipped expectation', () => {
    const xml = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      verdict: { scenarios: { id: string; status: string; expectations: { status: string }[] }[] };
    };
    const suites = [...xml.matchAll(/<testsuite\b[^>]*>/g)].map((m) => m[0]);
    const sum = (name: string): number => suites.reduce((total, suite) => total + Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0), 0);
    expect(attribute(xml, 'testsuites', 'tests')).toBe(sum('tests'));
    expect(attribute(xml, 'testsuites', 'failures')).toBe(sum('failures'));
    const failedExpectations = report.verdict.scenarios.flatMap((s) => s.expectations).filter((e) => e.status === 'failed').length;
    const skippedExpectations = report.verdict.scenarios.flatMap((s) => s.expectations).filter((e) => e.status === 'skipped').length;
    expect(failedExpectations).toBeGreaterThan(0);
    expect(attribute(xml, 'testsuites', 'failures')).toBeGreaterThanOrEqual(failedExpectations);
    expect(attribute(xml, 'testsuites', 'skipped')).toBeGreaterThanOrEqual(skippedExpectations);
    // The disable scenario fails in both dialects and shows as a failing suite.
    expect(xml).toMatch(/<testsuite name="users\/disable[^"]*"[^>]*failures="[1-9]/);
  });

  it('exports the portal CSV download and the AADProvisioningLogs rows with their documented columns', async () => {
    const logs = readFileSync(path.join(out, 'ProvisioningLogs.csv'), 'utf8').split('\r\n')[0];
    for (const column of ['Date (UTC)', 'Change ID', 'Action', 'Status', 'Error Code']) expect(logs).toContain(column);
    expect(readFileSync(path.join(out, 'ProvisioningLogs_ProvisioningSteps.csv'), 'utf8').split('\r\n')[0]).toContain('Change ID');
    expect(readFileSync(path.join(out, 'ProvisioningLogs_ModifiedProperties.csv'), 'utf8').split('\r\n')[0]).toContain('Old Value');
    const aad = await cli(['logs', out, '--format', 'aad']);
    expect(aad.code).toBe(0);
    const rows = aad.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.length).toBeGreaterThan(0);
    for (const column of ['TimeGenerated', 'ResultType', 'ResultSignature', 'ResultDescription', 'ProvisioningAction', 'JobId', 'CycleId', 'ChangeId', 'SourceIdentity', 'TargetIdentity', 'ProvisioningSteps', 'ModifiedProperties']) {
      expect(rows[0]).toHaveProperty(column);
    }
  });

  it('keeps provisioning-logs.json in the Graph shape, without the harness evidence', () => {
    const graph = JSON.parse(readFileSync(path.join(out, 'provisioning-logs.json'), 'utf8')) as { value: Record<string, unknown>[] };
    expect(graph.value.length).toBeGreaterThan(0);
    expect(graph.value[0]).toHaveProperty('provisioningStatusInfo');
    expect(graph.value.every((entry) => !('harness' in entry))).toBe(true);
  });

  it('verifies the hash chain, and `report` regenerates the same verdict from run.ndjson alone', async () => {
    expect((await cli(['logs', out, '--verify'])).code).toBe(0);
    const before = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { verdict: { headline: string } };
    const again = mkdtempSync(path.join(tmpdir(), 'scim-harness-report-again-'));
    try {
      const replay = await cli(['report', out, '--out', again, '--reporter', 'json,junit']);
      expect(replay.code).toBe(1);
      const after = JSON.parse(readFileSync(path.join(again, 'report.json'), 'utf8')) as { verdict: { headline: string } };
      expect(after.verdict.headline).toBe(before.verdict.headline);
      expect(existsSync(path.join(again, 'junit.xml'))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
