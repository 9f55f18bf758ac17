/**
 * Run-level judgements a CI gate relies on, end to end: the baseline lets listed failures pass
 * and fails when one is fixed; alerts are evaluated and reported; an OAuth token outside Entra's
 * gallery lifetime (60–360 minutes) is a finding.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseFaultSwitches, startScimServer, type RunningScimServer } from '../../examples/scim-server';
import { main } from '../../harness/cli/main';

interface Report {
  verdict: { outcome: string; knownFailures: string[]; fixedKnownFailures: string[]; findings: { check: string; severity: string }[] };
  alerts: { name: string; fired: boolean }[];
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; report: Report }> {
  const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-gates-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.resume();
  stderr.resume();
  try {
    const code = await main([...args, '--reporter', 'json', '--out', out], { stdout, stderr, env });
    return { code, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('--baseline', () => {
  let server: RunningScimServer;
  let dir: string;
  beforeAll(async () => {
    server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('ignore-active', {}) });
    dir = mkdtempSync(path.join(tmpdir(), 'scim-harness-baseline-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (baseline?: object): Promise<{ code: number; report: Report }> => {
    const args = ['run', '--target', server.baseUrl, '--token', 't', '--scenario', 'users/disable', '--scenario', 'users/create'];
    if (!baseline) return cli(args);
    const file = path.join(dir, `baseline-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(baseline));
    return cli([...args, '--baseline', file]);
  };

  it('fails without a baseline', async () => {
    expect((await run()).code).toBe(1);
  });

  it('passes while the failures are listed as known', async () => {
    const { code, report } = await run({ knownFailures: ['users/disable', 'lifecycle/disabled-is-still-returned'] });
    expect(report.verdict.knownFailures.length).toBeGreaterThan(0);
    expect(code).toBe(0);
  });

  it('fails when a listed failure no longer fails, so the list shrinks', async () => {
    const { code, report } = await run({ knownFailures: ['users/disable', 'lifecycle/disabled-is-still-returned', 'users/create'] });
    expect(report.verdict.fixedKnownFailures).toContain('users/create');
    expect(code).toBe(1);
  });
});

describe('alerts', () => {
  it('fire for a job that entered quarantine, and not for a healthy one', async () => {
    const rejecting = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('reject-token', {}) });
    const healthy = await startScimServer({ port: 0, host: '127.0.0.1', token: 't' });
    try {
      const bad = await cli(['sync', '--target', rejecting.baseUrl, '--token', 't', '--population', '3', '--cycles', '2']);
      expect(bad.code).toBe(3);
      expect(bad.report.alerts.find((a) => a.name === 'quarantine-entered')?.fired).toBe(true);
      const good = await cli(['sync', '--target', healthy.baseUrl, '--token', 't', '--population', '3', '--cycles', '2']);
      expect(good.code).toBe(0);
      expect(good.report.alerts.some((a) => a.fired)).toBe(false);
    } finally {
      await rejecting.close();
      await healthy.close();
    }
  });

  it('refuses a bad --alert before any request', async () => {
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stderr.on('data', (c: Buffer) => chunks.push(c));
    const stdout = new PassThrough();
    stdout.resume();
    const out = mkdtempSync(path.join(tmpdir(), 'scim-harness-alert-'));
    const code = await main(['sync', '--population', '3', '--alert', 'failures-per-minute=3', '--reporter', 'json', '--out', out], { stdout, stderr, env: {} });
    rmSync(out, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(Buffer.concat(chunks).toString('utf8')).toContain('failures-per-minute');
  });
});

describe('OAuth client credentials token lifetime (Entra gallery: 60–360 minutes)', () => {
  async function withTokenServer(expiresIn: number, body: (tokenUrl: string) => Promise<void>): Promise<void> {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'issued-token-0123456789', token_type: 'Bearer', expires_in: expiresIn }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it.each([
    [1800, true],
    [3600, false],
  ])('expires_in %i seconds → finding: %s', async (expiresIn, expectFinding) => {
    const target = await startScimServer({ port: 0, host: '127.0.0.1', token: 'issued-token-0123456789' });
    try {
      await withTokenServer(expiresIn, async (tokenUrl) => {
        const { report } = await cli(
          ['sync', '--target', target.baseUrl, '--auth', 'oauth2', '--oauth-token-url', tokenUrl, '--client-id', 'c', '--population', '2', '--cycles', '1'],
          { SCIM_CLIENT_SECRET: 'client-secret-abcdefgh' },
        );
        const finding = report.verdict.findings.find((f) => f.check === 'auth/oauth-token-lifetime');
        expect(Boolean(finding)).toBe(expectFinding);
        if (finding) expect(finding.severity).toBe('recommended');
      });
    } finally {
      await target.close();
    }
  });
});
