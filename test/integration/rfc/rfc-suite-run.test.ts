/**
 * The two scores through the library, against the bundled server: `--suite all` keeps Entra
 * readiness and RFC conformance apart (the probes' requests never reach the Entra checks and root
 * causes come from Entra readiness alone), the RFC
 * gate decides the exit code only when asked, the reports show both, `report` judges a saved run
 * again with an RFC gate, and `--read-only` sends no write.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseFaultSwitches, startScimServer, type RunningScimServer } from '../../../examples/scim-server';
import { run } from '../../../harness';
import { replayRun } from '../../../harness/runner/replay';

let out: string;
let server: RunningScimServer | undefined;

beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), 'scim-harness-rfc-run-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(out, { recursive: true, force: true });
});

async function start(faults: string): Promise<RunningScimServer> {
  server = await startScimServer({ port: 0, host: '127.0.0.1', token: 'rfc-token', faults: parseFaultSwitches(faults, {}), recordRequests: true });
  return server;
}

function quietIo() {
  return { stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
}

describe('--suite all', () => {
  it('scores Entra readiness and RFC conformance apart: an RFC failure is no Entra finding and gates only under --fail-on rfc:…', async () => {
    // 404 answers with a scimType RFC 7644 does not define: only the RFC probes provoke 404s here.
    const target = await start('invented-scim-type');
    const settings = { target: target.baseUrl, token: 'rfc-token', out, suite: 'all', scenario: ['users/create'], reporter: 'json,junit,markdown' };
    const plain = await run(settings);
    expect(plain.verdict.outcome).toBe('passed');
    expect(plain.verdict.findings).toEqual([]);
    expect(plain.verdict.counts.scenarios.passed).toBeGreaterThan(0);
    expect(plain.verdict.rfc?.results.filter((result) => result.status === 'failed').map((result) => result.id)).toEqual(['rfc/errors/error-body']);
    expect(plain.exitCode).toBe(0);

    const gated = await run({ ...settings, failOn: 'required,rfc:required' });
    expect(gated.verdict.outcome).toBe('passed');
    expect(gated.exitCode).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { outcome: string; rfcConformance: { outcome: string; gateFailed: boolean; failOn: string } };
    expect(report.outcome).toBe('passed');
    expect(report.rfcConformance).toMatchObject({ outcome: 'failed', gateFailed: true, failOn: 'required' });
    const junit = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="rfc RFC 7644 §3\.12" tests="\d+" failures="1"/);
    const summary = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## ✅ Entra readiness: PASSED/m);
    expect(summary).toMatch(/^## ❌ RFC conformance: \d+ passed, 1 failed \(1 required\)/m);
  });

  it('keeps root causes to Entra readiness: a refused Entra request is one root cause, an RFC failure stays in the RFC score', async () => {
    // The first switch refuses Entra's group create (diagnosed by probing); the second only breaks RFC 7644 §3.12 error bodies.
    const target = await start('reject-unknown-schemas,invented-scim-type');
    // Every create of this one-scenario run is a group create Entra's own request would fail (the
    // workaround's successes count as failures in the projection): at a population under Entra's
    // 5,000-failure floor the job is failed, not projected into quarantine.
    const settings = { target: target.baseUrl, token: 'rfc-token', out, suite: 'all', scenario: ['groups/create-empty'], reporter: 'json,markdown', populationEstimate: 1000 };
    const result = await run(settings);
    expect((result.verdict.rootCauses ?? []).map((cause) => cause.id)).toEqual(['request/unknown-schema-uri-rejected']);
    expect(result.verdict.rfc?.results.filter((entry) => entry.status === 'failed').map((entry) => entry.id)).toContain('rfc/errors/error-body');
    expect(result.exitCode).toBe(1);
    const summary = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## ❌ Entra readiness: FAILED — 1 root cause/m);
    expect(summary).toMatch(/^#### 1\. `required` .*ADSCIM/m);
    expect(summary).toMatch(/^### RFC conformance \(RFC 7643\/7644\)/m);
  });

  it('lets `report` judge a saved run again with an RFC gate it was not run with', async () => {
    const target = await start('invented-scim-type');
    const first = await run({ target: target.baseUrl, token: 'rfc-token', out, suite: 'all', scenario: ['users/create'], reporter: 'json' });
    expect(first.exitCode).toBe(0);
    const again = await replayRun(out, quietIo(), { outDir: out, reporters: 'json', gate: { rfcFailOn: 'required' } });
    expect(again.exitCode).toBe(1);
    expect(again.verdict.rfc?.failOn).toBe('required');
  });
});

describe('--suite rfc --read-only', () => {
  it('runs only the probes that send no write, and the server receives none', async () => {
    const target = await start('');
    const result = await run({ target: target.baseUrl, token: 'rfc-token', out, suite: 'rfc', readOnly: true, reporter: 'json' });
    const rfc = result.verdict.rfc;
    expect(rfc?.counts.failed).toBe(0);
    expect(rfc?.counts.passed).toBeGreaterThan(5);
    expect(rfc?.results.filter((entry) => entry.status === 'skipped').every((entry) => entry.reason === 'it writes, and the run is --read-only')).toBe(true);
    expect(target.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`)).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
