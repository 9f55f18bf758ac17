import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding, type Severity } from '../../../harness/contract/finding';
import { ConfigurationError } from '../../../harness/errors';
import { buildVerdict, exitCodeFor, loadBaseline, type BuildVerdictInput } from '../../../harness/evaluate/build-verdict';
import { type QuarantineAssessment, type ScenarioResult, type ScenarioStatus } from '../../../harness/contract/verdict';

const NO_QUARANTINE: QuarantineAssessment = {
  wouldQuarantine: false,
  reason: null,
  errorCode: null,
  details: 'Entra would not quarantine this job.',
  fix: null,
  escrowsPruned: false,
  jobDisabled: false,
  projection: null,
};

const QUARANTINE: QuarantineAssessment = {
  ...NO_QUARANTINE,
  wouldQuarantine: true,
  reason: 'EncounteredQuarantineException',
  errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
  details: 'Cycle 1 (incremental): SCIM compliance issue: 404 on a filter. More text.',
};

function scenario(id: string, status: ScenarioStatus, findings: Finding[] = []): ScenarioResult {
  return { id, title: id, tags: [], spec: 'RFC 7644 §3.3', dialect: 'default', status, durationMs: 1, expectations: [], findings };
}

function finding(check: string, severity: Severity, scenarioId?: string): Finding {
  return {
    check,
    severity,
    title: check,
    expected: 'x',
    actual: 'y',
    evidence: [],
    spec: 'RFC 7644 §3.3',
    fix: 'fix it',
    ...(scenarioId === undefined ? {} : { scenarioId }),
  };
}

function verdict(input: Partial<BuildVerdictInput>) {
  return buildVerdict({ scenarios: [], findings: [], quarantine: NO_QUARANTINE, interrupted: false, ...input });
}

describe('buildVerdict outcome', () => {
  it('passes with passing scenarios and only advisory findings', () => {
    const result = verdict({
      scenarios: [scenario('users/create', 'passed'), scenario('users/delete', 'passed')],
      findings: [finding('schema/extra', 'advisory', 'users/create')],
    });
    expect(result.outcome).toBe('passed');
    expect(result.headline).toBe('PASSED — 2 scenarios, no required findings');
    expect(exitCodeFor(result)).toBe(0);
  });

  it('fails on a required finding and says how many in how many scenarios', () => {
    const result = verdict({
      scenarios: [scenario('a', 'passed'), scenario('b', 'passed')],
      findings: [finding('c1', 'required', 'a'), finding('c2', 'required', 'a'), finding('c3', 'required', 'b')],
    });
    expect(result.outcome).toBe('failed');
    expect(result.headline).toBe('FAILED — 3 root causes (required): c1 …; 3 required findings in 2 scenarios');
    expect(exitCodeFor(result)).toBe(1);
  });

  it('fails on a failed scenario even without findings', () => {
    const result = verdict({ scenarios: [scenario('a', 'failed')] });
    expect(result.outcome).toBe('failed');
    expect(result.headline).toBe('FAILED — 1 failed scenario');
  });

  it('fails on recommended findings with failOn recommended, and on advisory ones with failOn advisory', () => {
    const input = { scenarios: [scenario('a', 'passed')], findings: [finding('c1', 'recommended', 'a')] };
    expect(verdict(input).outcome).toBe('passed');
    const tightened = verdict({ ...input, failOn: 'recommended' });
    expect(tightened.outcome).toBe('failed');
    expect(tightened.headline).toBe('FAILED — 1 root cause (recommended): c1; 1 recommended finding in 1 scenario');
    const advisory = verdict({ scenarios: [scenario('a', 'passed')], findings: [finding('c1', 'advisory')], failOn: 'advisory' });
    expect(advisory.outcome).toBe('failed');
    expect(verdict({ ...input, failOn: 'recommended', findings: [] }).headline).toBe(
      'PASSED — 1 scenario, no required or recommended findings',
    );
  });

  it('mixes severities in the headline', () => {
    const result = verdict({
      findings: [finding('c1', 'required', 'a'), finding('c2', 'recommended', 'b'), finding('c3', 'recommended', 'b')],
      failOn: 'recommended',
    });
    expect(result.headline).toBe('FAILED — 3 root causes (1 required, 2 recommended): c1 …; 1 required and 2 recommended findings in 2 scenarios');
  });

  it('says quarantined before failed, and interrupted before everything', () => {
    const failing = { scenarios: [scenario('a', 'failed')], quarantine: QUARANTINE };
    const quarantined = verdict(failing);
    expect(quarantined.outcome).toBe('quarantined');
    expect(quarantined.headline).toBe(
      'QUARANTINE — EncounteredQuarantineException: Cycle 1 (incremental): SCIM compliance issue: 404 on a filter.',
    );
    expect(exitCodeFor(quarantined)).toBe(3);
    const interrupted = verdict({ ...failing, interrupted: true });
    expect(interrupted.outcome).toBe('interrupted');
    expect(interrupted.headline).toBe('INTERRUPTED — stopped after 1 scenario; results so far: 1 failed scenario');
    expect(exitCodeFor(interrupted)).toBe(130);
  });

  it('says unreachable (exit 4) for a dead or stalled target, before quarantine, naming the cause', () => {
    const dead = verdict({ quarantine: QUARANTINE, stop: { kind: 'unreachable', cause: 'connection refused at 127.0.0.1:9 (ECONNREFUSED)', evidence: ['x1'] } });
    expect(dead.outcome).toBe('unreachable');
    expect(dead.headline).toBe('UNREACHABLE — connection refused at 127.0.0.1:9 (ECONNREFUSED); nothing else was sent');
    expect(exitCodeFor(dead)).toBe(4);
    const stalled = verdict({ scenarios: [scenario('a', 'failed')], stop: { kind: 'stalled', cause: 'the target stalls: 3 requests timed out in a row', evidence: [] } });
    expect(stalled.headline).toBe('STALLED — the target stalls: 3 requests timed out in a row; the run stopped');
    expect(exitCodeFor(stalled)).toBe(4);
    expect(stalled.stop?.kind).toBe('stalled');
    // Rejected credentials are Entra's immediate quarantine: exit 3, with the cause in the headline.
    const rejected = verdict({ quarantine: QUARANTINE, stop: { kind: 'credentials', cause: 'credentials rejected: HTTP 401', evidence: [] } });
    expect(rejected.outcome).toBe('quarantined');
    expect(rejected.headline).toContain('credentials rejected: HTTP 401; nothing else was sent');
    expect(exitCodeFor(rejected)).toBe(3);
  });

  it('judges findings held only inside scenario results, without counting any twice', () => {
    const inside = finding('c1', 'required');
    const result = verdict({ scenarios: [scenario('a', 'passed', [inside])], findings: [] });
    expect(result.outcome).toBe('failed');
    expect(result.findings).toEqual([{ ...inside, scenarioId: 'a', dialect: 'default', cause: 'check/c1', occurrences: [{ dialect: 'default', count: 1, evidence: [] }] }]);
    const both = finding('c2', 'required', 'a');
    const twice = verdict({ scenarios: [scenario('a', 'passed', [both])], findings: [both] });
    expect(twice.findings).toHaveLength(1);
  });
});

describe('buildVerdict baseline', () => {
  it('accepts failures the baseline lists by scenario, check or scenario::check', () => {
    const result = verdict({
      scenarios: [scenario('a', 'failed'), scenario('b', 'passed'), scenario('c', 'passed')],
      findings: [finding('c1', 'required', 'b'), finding('c2', 'required', 'c')],
      baseline: { knownFailures: ['a', 'c1', 'c::c2'] },
    });
    expect(result.outcome).toBe('passed');
    expect(result.knownFailures).toEqual(['a', 'c1', 'c::c2']);
    expect(result.fixedKnownFailures).toEqual([]);
    expect(result.headline).toBe('PASSED — 3 scenarios, no required findings (3 known failures in the baseline)');
  });

  it('does not let scenario::check cover the same check elsewhere', () => {
    const result = verdict({
      scenarios: [scenario('b', 'passed'), scenario('c', 'passed')],
      findings: [finding('c2', 'required', 'b'), finding('c2', 'required', 'c')],
      baseline: { knownFailures: ['c::c2'] },
    });
    expect(result.outcome).toBe('failed');
    expect(result.headline).toBe('FAILED — 1 root cause (required): c2; 1 required finding in 1 scenario (1 known failure in the baseline)');
  });

  it('fails when a listed item now passes, naming it: the baseline must shrink', () => {
    const result = verdict({
      scenarios: [scenario('a', 'passed'), scenario('b', 'passed')],
      findings: [],
      baseline: { knownFailures: ['a', 'b::c9'] },
    });
    expect(result.outcome).toBe('failed');
    expect(result.fixedKnownFailures).toEqual(['a', 'b::c9']);
    expect(result.headline).toBe('FAILED — 2 baseline entries now pass (a, b::c9): remove them from the baseline');
  });

  it('treats a skipped or absent scenario as not run, and a check now failing only below the gate as fixed', () => {
    const result = verdict({
      scenarios: [scenario('a', 'skipped'), scenario('b', 'passed')],
      findings: [finding('c1', 'advisory', 'b')],
      baseline: { knownFailures: ['a', 'zz::c1', 'c1'] },
    });
    expect(result.fixedKnownFailures).toEqual(['c1']);
    expect(result.knownFailures).toEqual([]);
    expect(result.headline).toContain('1 baseline entry now passes (c1): remove it from the baseline');
  });
});

describe('exitCodeFor', () => {
  it.each([
    ['passed', 0],
    ['failed', 1],
    ['quarantined', 3],
    ['interrupted', 130],
  ] as const)('%s → %i', (outcome, code) => {
    expect(exitCodeFor({ outcome })).toBe(code);
  });
});

describe('loadBaseline', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baseline-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it('loads a valid file', () => {
    const path = file('ok.json', JSON.stringify({ knownFailures: ['users/create', 'protocol/x', 'users/create::protocol/x'] }));
    expect(loadBaseline(path)).toEqual({ knownFailures: ['users/create', 'protocol/x', 'users/create::protocol/x'] });
  });

  it('names the path when the file is missing', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadBaseline(path)).toThrow(ConfigurationError);
    expect(() => loadBaseline(path)).toThrow(`--baseline file ${path} cannot be read`);
  });

  it('names the path when the file is not JSON', () => {
    const path = file('bad.json', '{knownFailures: [');
    expect(() => loadBaseline(path)).toThrow(`--baseline file ${path} must be JSON`);
  });

  it.each([
    [{}, "/ must have required property 'knownFailures'"],
    [{ knownFailures: 'a' }, '/knownFailures must be array'],
    [{ knownFailures: [3] }, '/knownFailures/0 must be string'],
    [{ knownFailures: ['a::'] }, '/knownFailures/0 must be "<scenario id>", "<check id>" or "<scenario id>::<check id>"'],
    [{ knownFailures: [], extra: true }, '/ must NOT have additional properties ("extra")'],
  ])('rejects %p naming the rule', (content, message) => {
    const path = file('invalid.json', JSON.stringify(content));
    expect(() => loadBaseline(path)).toThrow(ConfigurationError);
    expect(() => loadBaseline(path)).toThrow(`--baseline file ${path} is invalid: ${message}`);
  });
});

describe('buildVerdict root cause of a stopped run', () => {
  it('makes rejected credentials the run’s one root cause, quoting the real cause', () => {
    const result = verdict({
      quarantine: QUARANTINE,
      stop: { kind: 'credentials', cause: 'Test Connection answered 401 Unauthorized', evidence: ['x-1'] },
      findings: [],
    });
    expect(result.rootCauses?.map((cause) => [cause.id, cause.title, cause.serverDetail, cause.failing])).toEqual([
      ['stop/credentials', 'Refuses the credentials Entra would send', 'Test Connection answered 401 Unauthorized', true],
    ]);
    expect(result.counts.rootCauses).toMatchObject({ total: 1, required: 1, failing: 1 });
  });

  it('names a dead target as the cause of an unreachable run', () => {
    const result = verdict({ stop: { kind: 'unreachable', cause: 'connection refused at 127.0.0.1:9 (ECONNREFUSED)', evidence: [] } });
    expect(result.outcome).toBe('unreachable');
    expect(result.rootCauses?.map((cause) => cause.id)).toEqual(['stop/unreachable']);
  });
});
