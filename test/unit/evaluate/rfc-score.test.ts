/**
 * The RFC conformance score (harness/evaluate/rfc-score.ts) and how the one judge gates on it:
 * its own counts per section, never mixed into the Entra verdict, and the exit code it may turn
 * from 0 to 1 only under --fail-on rfc:… (or a run of the RFC suite alone).
 */
import { EXIT } from '../../../harness/contract/exit-codes';
import { type RfcProbeStatus, type RfcResult } from '../../../harness/contract/rfc';
import { type RunEvent, type RunStartEvent } from '../../../harness/contract/run-events';
import { type Severity } from '../../../harness/contract/severity';
import { DEFAULT_QUARANTINE_POLICY } from '../../../harness/engine/quarantine/quarantine-rules';
import { NO_FAILURES_ALLOWED } from '../../../harness/evaluate/entry-gate';
import { type GateOptions, judgeRun, recordedGateOptions, runFactsOf } from '../../../harness/evaluate/judge';
import { compareSections, judgeRfcResults } from '../../../harness/evaluate/rfc-score';

function result(id: string, status: RfcProbeStatus, severity: Severity = 'required', section = 'RFC 7644 §3.4.2.2'): RfcResult {
  return {
    id,
    section,
    title: id,
    severity,
    keyword: severity === 'required' ? 'MUST' : severity === 'recommended' ? 'SHOULD' : 'MAY',
    status,
    expected: 'as the RFC says',
    actual: status === 'failed' ? 'otherwise' : '',
    evidence: [],
  };
}

function start(suites: RunStartEvent['suites']): RunStartEvent {
  return {
    type: 'run-start',
    runId: 'run',
    startedAt: '2026-03-24T10:00:00.000Z',
    harnessVersion: '0.1.0',
    command: 'run',
    targetUrl: 'http://127.0.0.1:1/scim/v2',
    dialect: 'entra',
    jobId: 'scim.tenant.job',
    tenantId: 'tenant',
    servicePrincipalId: 'sp',
    applicationName: 'App',
    settings: {},
    scenarios: [],
    insecure: false,
    quarantinePolicy: DEFAULT_QUARANTINE_POLICY,
    ...(suites ? { suites } : {}),
  };
}

const GATE: GateOptions = { failOn: 'required', maxFailures: NO_FAILURES_ALLOWED };

function events(suites: RunStartEvent['suites'], results: readonly RfcResult[]): RunEvent[] {
  return [start(suites), ...results.map((rfc): RunEvent => ({ type: 'rfc-result', result: rfc }))];
}

describe('the RFC score', () => {
  it('counts each probe once, per section in section order, failed probes first and most severe first', () => {
    const rfc = judgeRfcResults(
      [
        result('rfc/a', 'passed', 'required', 'RFC 7644 §3.12'),
        result('rfc/b', 'failed', 'recommended', 'RFC 7644 §3.4.2.2'),
        result('rfc/c', 'not-supported', 'required', 'RFC 7643 §5'),
        result('rfc/d', 'failed', 'required', 'RFC 7644 §3.4.2.2'),
        result('rfc/e', 'skipped', 'advisory', 'RFC 7644 §3.4.2.2'),
        // Recorded twice (a replay): the last one stands.
        result('rfc/a', 'passed', 'required', 'RFC 7644 §3.12'),
      ],
      undefined,
    );
    expect(rfc.counts).toMatchObject({ passed: 1, failed: 2, notSupported: 1, skipped: 1, total: 5, failedBySeverity: { required: 1, recommended: 1, advisory: 0 } });
    expect(rfc.sections.map((section) => [section.section, section.passed, section.failed, section.notSupported, section.skipped])).toEqual([
      ['RFC 7643 §5', 0, 0, 1, 0],
      ['RFC 7644 §3.4.2.2', 0, 2, 0, 1],
      ['RFC 7644 §3.12', 1, 0, 0, 0],
    ]);
    expect(rfc.results.map((entry) => entry.id)).toEqual(['rfc/d', 'rfc/b', 'rfc/a', 'rfc/c', 'rfc/e']);
  });

  it('fails at or above its gate, and at required when no gate is set, saying whether it gates', () => {
    const mixed = [result('rfc/a', 'passed'), result('rfc/b', 'failed', 'recommended')];
    expect(judgeRfcResults(mixed, undefined)).toMatchObject({ outcome: 'passed', counts: { failing: 0 } });
    expect(judgeRfcResults(mixed, undefined).headline).toBe('RFC conformance: 1 passed, 1 failed (1 recommended), 0 not supported of 2 probes; not a gate (--fail-on rfc:required makes it one)');
    expect(judgeRfcResults(mixed, 'required')).toMatchObject({ outcome: 'passed', failOn: 'required', counts: { failing: 0 } });
    const strict = judgeRfcResults(mixed, 'recommended');
    expect(strict).toMatchObject({ outcome: 'failed', counts: { failing: 1 } });
    expect(strict.headline).toMatch(/; 1 failed probe at or above rfc:recommended fails the run$/);
  });

  it('orders sections by RFC, then numerically', () => {
    expect(['RFC 7644 §3.12', 'RFC 7644 §3.4.2.2', 'RFC 7643 §7', 'RFC 7644 §3.4.2'].sort(compareSections)).toEqual(['RFC 7643 §7', 'RFC 7644 §3.4.2', 'RFC 7644 §3.4.2.2', 'RFC 7644 §3.12']);
  });
});

describe('the judge and the RFC score', () => {
  const failedRequired = [result('rfc/ok', 'passed'), result('rfc/broken', 'failed', 'required')];

  it('leaves the Entra verdict as it was: no finding, no root cause, no scenario from an RFC result', () => {
    const { verdict } = judgeRun(runFactsOf(events(['entra', 'rfc'], failedRequired)), GATE);
    expect(verdict.outcome).toBe('passed');
    expect(verdict.findings).toEqual([]);
    expect(verdict.rootCauses ?? []).toEqual([]);
    expect(verdict.counts.scenarios.total).toBe(0);
    expect(verdict.rfc?.counts.failed).toBe(1);
  });

  it('keeps exit 0 without an RFC gate, and fails the run (exit 1) at or above --fail-on rfc:…', () => {
    expect(judgeRun(runFactsOf(events(['entra', 'rfc'], failedRequired)), GATE).exitCode).toBe(EXIT.passed);
    const gated = judgeRun(runFactsOf(events(['entra', 'rfc'], failedRequired)), { ...GATE, rfcFailOn: 'required' });
    expect(gated.exitCode).toBe(EXIT.failed);
    expect(gated.verdict.outcome).toBe('passed');
    expect(gated.gate.rfcFailOn).toBe('required');
    const recommendedOnly = [result('rfc/soft', 'failed', 'recommended')];
    expect(judgeRun(runFactsOf(events(['entra', 'rfc'], recommendedOnly)), { ...GATE, rfcFailOn: 'required' }).exitCode).toBe(EXIT.passed);
  });

  it('never softens an Entra outcome: a stopped run keeps its own exit code whatever the RFC score says', () => {
    const stopped: RunEvent[] = [...events(['entra', 'rfc'], failedRequired), { type: 'run-stop', kind: 'unreachable', cause: 'connection refused', evidence: [] }];
    expect(judgeRun(runFactsOf(stopped), { ...GATE, rfcFailOn: 'required' }).exitCode).toBe(EXIT.unreachable);
  });

  it('has no RFC score when the run did not include the suite, and an empty passing one when it did but nothing was probed', () => {
    expect(judgeRun(runFactsOf(events(['entra'], [])), GATE).verdict.rfc).toBeUndefined();
    expect(judgeRun(runFactsOf(events(undefined, [])), GATE).verdict.rfc).toBeUndefined();
    expect(judgeRun(runFactsOf(events(['rfc'], [])), GATE).verdict.rfc).toMatchObject({ outcome: 'passed', counts: { total: 0 } });
  });

  it('re-judges a saved run with the RFC gate it recorded', () => {
    const end = judgeRun(runFactsOf(events(['rfc'], failedRequired)), { ...GATE, rfcFailOn: 'required' });
    const gate = recordedGateOptions(start(['rfc']), { type: 'run-end', endedAt: '2026-03-24T10:01:00.000Z', verdict: end.verdict, jobStatus: null, gate: end.gate });
    expect(gate.rfcFailOn).toBe('required');
    expect(judgeRun(runFactsOf(events(['rfc'], failedRequired)), { ...gate, suites: [] }).exitCode).toBe(EXIT.failed);
  });
});
