/**
 * Fault switches that no Entra-visible expectation covers are caught by the checks watching all
 * traffic: each yields its finding, with its severity and citation, and no scenario fails with
 * it. The rest of the catalogue (quarantine, failures, timeouts) is caught by the verdict.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFaultSwitches, startScimServer, FAULT_SWITCHES } from '../../../examples/scim-server';
import { RFC_FAULT_SWITCHES } from '../../../examples/scim-server/rfc-faults';
import { runSuite } from './suite-helpers';

interface FindingCase {
  readonly fault: string;
  readonly check: string;
  readonly severity: 'required' | 'recommended' | 'advisory';
  readonly spec: RegExp;
  readonly scenarios: readonly string[];
}

const SOME_TRAFFIC = ['users/create', 'users/duplicate-create', 'groups/add-members', 'protocol/get-missing'];

const FINDING_CASES: readonly FindingCase[] = [
  { fault: 'wrong-content-type', check: 'protocol/content-type', severity: 'recommended', spec: /RFC 7644/, scenarios: SOME_TRAFFIC },
  { fault: 'no-location', check: 'protocol/create-location-header', severity: 'required', spec: /RFC 7644 §3\.3/, scenarios: SOME_TRAFFIC },
  { fault: 'group-patch-body', check: 'protocol/group-patch-204', severity: 'advisory', spec: /Entra: group PATCH/, scenarios: SOME_TRAFFIC },
  { fault: 'throttle=3,retry-after=0', check: 'protocol/throttled', severity: 'advisory', spec: /TooManyRequests/, scenarios: SOME_TRAFFIC },
];

describe('fault switches caught by the checks', () => {
  it.each(FINDING_CASES)('$fault yields $check and fails no scenario', async ({ fault, check, severity, spec, scenarios }) => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches(fault, {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: [...scenarios] });
      const finding = result.verdict.findings.find((f) => f.check === check);
      expect(finding).toBeDefined();
      expect(finding?.severity).toBe(severity);
      expect(finding?.spec).toMatch(spec);
      expect(finding?.fix.length).toBeGreaterThan(10);
      expect(finding?.evidence.length).toBeGreaterThan(0);
      expect(result.verdict.scenarios.filter((s) => s.status !== 'passed').map((s) => s.id)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('the same runs without the fault yield none of those findings', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't' });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: [...SOME_TRAFFIC] });
      const checks = new Set(result.verdict.findings.map((f) => f.check));
      for (const { check } of FINDING_CASES) expect(checks.has(check)).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('fault switches caught by the verdict', () => {
  it('create-200 is a required finding that fails the run', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('create-200', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: ['users/create'] });
      expect(result.verdict.findings.find((f) => f.check === 'protocol/create-status-201')?.severity).toBe('required');
      expect(result.exitCode).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reject-token quarantines with EncounteredQuarantineException (exit 3)', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('reject-token', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: ['users/create'] });
      expect(result.verdict.quarantine.reason).toBe('EncounteredQuarantineException');
      expect(result.verdict.quarantine.errorCode).toBe('SystemForCrossDomainIdentityManagementCredentialValidationFailure');
      expect(result.exitCode).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('drop-writes is caught: what was created cannot be read back', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('drop-writes', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: ['users/create'] });
      expect(result.verdict.findings.some((f) => f.check === 'lifecycle/created-is-readable' && f.severity === 'required')).toBe(true);
      expect(result.verdict.scenarios.every((s) => s.status === 'failed')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("case-sensitive-ops fails the default dialect's capitalised PATCH, not the compliant one", async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('case-sensitive-ops', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: ['users/disable'] });
      const status = Object.fromEntries(result.verdict.scenarios.map((s) => [s.dialect, s.status]));
      expect(status).toEqual({ entra: 'failed', 'entra-compliant': 'passed' });
    } finally {
      await server.close();
    }
  });

  it('fail-rate makes InternalServerError entries and fails the run', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('fail-rate=0.5,seed=7', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', scenario: ['users/create', 'users/update-attributes'] });
      expect(result.summary.stats.byErrorCode.InternalServerError).toBeGreaterThan(0);
      expect(result.exitCode).not.toBe(0);
    } finally {
      await server.close();
    }
  });

  it('slow beyond --timeout stops the run at Test Connection, unreachable (exit 4)', async () => {
    const server = await startScimServer({ port: 0, host: '127.0.0.1', token: 't', faults: parseFaultSwitches('slow=400', {}) });
    try {
      const { result } = await runSuite({ target: server.baseUrl, token: 't', timeout: '150ms', scenario: ['users/create'] }, ['entra']);
      expect(result.exitCode).toBe(4);
      expect(result.verdict.outcome).toBe('unreachable');
      expect(result.verdict.headline).toMatch(/no answer from 127\.0\.0\.1:\d+ within 150 ms to Test Connection's GET \/scim\/v2\/Users \(timeout\)/);
    } finally {
      await server.close();
    }
  });

  it('every fault switch of the bundled server is covered by a test of this folder or of test/e2e/fault-diagnosis', () => {
    // The diagnosis tests run each switch and expect its one root cause: a switch named there in quotes is covered.
    const diagnosisDir = path.join(__dirname, '../../e2e/fault-diagnosis');
    const diagnosed = existsSync(diagnosisDir)
      ? readdirSync(diagnosisDir)
          .filter((file) => file.endsWith('.test.ts'))
          .flatMap((file) => [...readFileSync(path.join(diagnosisDir, file), 'utf8').matchAll(/'([a-z0-9-]+)'/g)].map((match) => match[1]))
      : [];
    const covered = new Set([
      ...diagnosed,
      ...FINDING_CASES.map((c) => c.fault.split('=')[0]),
      'create-200', 'reject-token', 'drop-writes', 'case-sensitive-ops', 'fail-rate', 'slow', 'filter-404',
      'case-sensitive-filter', 'allow-duplicates', 'ignore-active', 'soft-delete-404', 'strict-booleans', 'delete-200',
      'numeric-error-status', 'ignore-excluded-members', 'patch-no-atomic', 'filter-other-attribute', 'id-from-username', 'uniqueness-after-delete',
      // Caught through quarantine (test/integration/engine), and settings of other switches:
      'fail-creates-rate', 'plain-errors', 'retry-after', 'seed',
      // The RFC conformance suite's switches: test/integration/rfc/rfc-fault-switches.test.ts.
      ...RFC_FAULT_SWITCHES.map((info) => info.name),
      // Named by differential probing, one root cause each (test/e2e/fault-diagnosis/rejected-requests.test.ts):
      'reject-unknown-schemas', 'reject-roles', 'require-object-manager', 'misread-plus',
      // Each named as one root cause by test/e2e/fault-diagnosis/read-back.test.ts:
      'literal-dotted-keys', 'split-extension-urn', 'store-string-booleans', 'ignore-capitalised-group-ops', 'members-never-returned', 'manager-as-string',
    ]);
    const names = FAULT_SWITCHES.map((f) => (typeof f === 'string' ? f : (f as { name: string }).name));
    expect(names.filter((name) => !covered.has(name))).toEqual([]);
  });
});
