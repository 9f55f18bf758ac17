import { type Finding, type Severity } from '../../../harness/contract/finding';
import { EXIT } from '../../../harness/contract/exit-codes';
import { DEFAULT_QUARANTINE_POLICY } from '../../../harness/engine/quarantine/quarantine-rules';
import { advanceQuarantine, HEALTHY_QUARANTINE_STATE, type QuarantineState } from '../../../harness/engine/quarantine/quarantine-state';
import { NO_FAILURES_ALLOWED, parseMaxFailures } from '../../../harness/evaluate/entry-gate';
import { judgeRun, type GateOptions, recordedGateOptions, runFactsOf } from '../../../harness/evaluate/judge';
import { type ScenarioResult, type ScenarioStatus, type Verdict } from '../../../harness/contract/verdict';
import { type CycleEndEvent, type RunEndEvent, type RunEvent, type RunStartEvent } from '../../../harness/contract/run-events';
import { at, makeEntry } from './entry-factory';

const GATE: GateOptions = { failOn: 'required', maxFailures: NO_FAILURES_ALLOWED };

function start(command: string, extra: Partial<RunStartEvent> = {}): RunStartEvent {
  return {
    type: 'run-start',
    runId: 'run',
    startedAt: '2026-03-24T10:00:00.000Z',
    harnessVersion: '0.1.0',
    command,
    targetUrl: 'http://127.0.0.1:1/scim/v2',
    dialect: 'entra',
    jobId: 'scim.tenant.job',
    tenantId: 'tenant',
    servicePrincipalId: 'sp',
    applicationName: 'App',
    settings: { populationEstimate: 10_000 },
    scenarios: [],
    insecure: false,
    quarantinePolicy: DEFAULT_QUARANTINE_POLICY,
    ...extra,
  };
}

function finding(check: string, severity: Severity, scenarioId?: string): Finding {
  return { check, severity, title: check, expected: 'x', actual: 'y', evidence: [], spec: 'RFC 7644 §3.3', fix: 'fix it', ...(scenarioId ? { scenarioId } : {}) };
}

function scenarioEnd(id: string, status: ScenarioStatus, findings: Finding[] = []): RunEvent {
  const result: ScenarioResult = { id, title: id, tags: [], spec: 'RFC 7644 §3.3', dialect: 'entra', status, durationMs: 1, expectations: [], findings };
  return { type: 'scenario-end', result };
}

function cycleEnd(job: string, cycleNumber: number, quarantine: QuarantineState, extra: Partial<CycleEndEvent> = {}): CycleEndEvent {
  return { type: 'cycle-end', cycleId: `${job}-${cycleNumber}`, cycleNumber, kind: cycleNumber === 0 ? 'initial' : 'incremental', endedAt: at(cycleNumber * 40), counts: {}, job, quarantine, ...extra };
}

/** A quarantine imposed at once for a SCIM-compliance failure (docs/entra-behaviour.md#quarantine-triggers). */
function quarantinedAfter(cycleNumber: number, from: QuarantineState = HEALTHY_QUARANTINE_STATE): QuarantineState {
  return advanceQuarantine(from, {
    cycleNumber,
    kind: cycleNumber === 0 ? 'initial' : 'incremental',
    endedAt: at(cycleNumber * 40),
    counts: { failures: 0, referenceFailures: 0, successes: 0 },
    immediateTrigger: { kind: 'compliance', jobErrorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible', message: '404 on a filter' },
    anySuccessfulRetry: false,
    allowDeletes: false,
  });
}

const healthyAfter = (cycleNumber: number, from: QuarantineState = HEALTHY_QUARANTINE_STATE): QuarantineState =>
  advanceQuarantine(from, {
    cycleNumber,
    kind: cycleNumber === 0 ? 'initial' : 'incremental',
    endedAt: at(cycleNumber * 40),
    counts: { failures: 0, referenceFailures: 0, successes: 1 },
    anySuccessfulRetry: true,
    allowDeletes: false,
  });

describe('judgeRun: the gate options decide', () => {
  const events: RunEvent[] = [
    start('run', { scenarios: [{ id: 'users/create@entra', title: 'c' }, { id: 'users/disable@entra', title: 'd' }] }),
    { type: 'exchange', purpose: 'test-connection', exchange: {} as never },
    scenarioEnd('users/create', 'passed', [finding('protocol/create-location-header', 'recommended', 'users/create')]),
    scenarioEnd('users/disable', 'failed', [finding('lifecycle/disabled-is-still-returned', 'required', 'users/disable')]),
    { type: 'finding', finding: finding('protocol/create-location-header', 'recommended', 'users/create') },
    { type: 'finding', finding: finding('lifecycle/disabled-is-still-returned', 'required', 'users/disable') },
  ];

  it('fails on the required finding and failed scenario without a baseline (exit 1)', () => {
    const { verdict, exitCode } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('failed');
    expect(exitCode).toBe(EXIT.failed);
    expect(verdict.counts.findings).toMatchObject({ required: 1, recommended: 1, failing: 1, belowThreshold: 1 });
  });

  it('passes when the baseline lists the failing scenario, and --fail-on required leaves the recommended finding below the gate', () => {
    const { verdict, exitCode } = judgeRun(runFactsOf(events), { ...GATE, baseline: { knownFailures: ['users/disable'] } });
    expect(verdict.outcome).toBe('passed');
    expect(exitCode).toBe(EXIT.passed);
    expect(verdict.knownFailures).toEqual(['users/disable']);
  });

  it('fails again with --fail-on recommended: the same facts, another gate', () => {
    const { verdict, exitCode } = judgeRun(runFactsOf(events), { ...GATE, failOn: 'recommended', baseline: { knownFailures: ['users/disable'] } });
    expect(verdict.outcome).toBe('failed');
    expect(exitCode).toBe(EXIT.failed);
    expect(verdict.counts.findings).toMatchObject({ failing: 1, known: 1, belowThreshold: 0 });
  });

  it('names a baseline entry for a scenario of the suites that did not run "not run", and one naming nothing "unknown"', () => {
    const gate = { ...GATE, baseline: { knownFailures: ['users/disable', 'groups/create', 'no/such-thing'] }, suites: ['groups/create'] };
    const { verdict } = judgeRun(runFactsOf(events), gate);
    expect(verdict.notRunKnownFailures).toEqual(['groups/create']);
    expect(verdict.unknownKnownFailures.map((entry) => entry.id)).toEqual(['no/such-thing']);
  });

  it('is pure: the same facts judged twice give equal verdicts, and a judgement leaves the facts as they were', () => {
    const facts = runFactsOf(events);
    const first = judgeRun(facts, { ...GATE, failOn: 'recommended' });
    const second = judgeRun(facts, { ...GATE, failOn: 'recommended' });
    expect(second.verdict).toEqual(first.verdict);
    expect(facts.findings).toHaveLength(2);
    expect(facts.scenarios).toHaveLength(2);
  });

  it('records the gate it judged with', () => {
    const { gate } = judgeRun(runFactsOf(events), { failOn: 'advisory', maxFailures: parseMaxFailures('2%'), baseline: { knownFailures: ['users/disable'] } });
    expect(gate).toEqual({ failOn: 'advisory', maxFailures: '2%', knownFailures: ['users/disable'] });
  });
});

describe('judgeRun: the quarantine comes from the cycle events', () => {
  it('is quarantined (exit 3) when a job ends a cycle quarantined', () => {
    const events = [start('sync'), cycleEnd('job-a', 0, quarantinedAfter(0))];
    const { verdict, exitCode, quarantineState } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('quarantined');
    expect(verdict.quarantine.reason).toBe('EncounteredQuarantineException');
    expect(exitCode).toBe(EXIT.quarantined);
    expect(quarantineState.status).toBe('quarantined');
  });

  it('still counts a quarantine lifted before the run ended', () => {
    const held = quarantinedAfter(0);
    const events = [start('sync'), cycleEnd('job-a', 0, held), cycleEnd('job-a', 1, healthyAfter(1, held))];
    const { verdict, quarantineHistory } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('quarantined');
    expect(verdict.quarantine.details).toContain('was lifted before the run ended');
    expect(quarantineHistory.map((state) => state.status)).toEqual(['quarantined', 'healthy']);
  });

  it('ignores the job of a scenario that provokes quarantine on purpose', () => {
    const events = [start('run'), scenarioEnd('jobs/quarantine', 'passed'), cycleEnd('job-a', 0, quarantinedAfter(0), { scenarioId: 'jobs/quarantine@entra', judged: false })];
    const { verdict, exitCode } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('passed');
    expect(exitCode).toBe(EXIT.passed);
  });

  it('reads the quarantine Test Connection imposed before the first cycle from the run-stop event', () => {
    const imposed = quarantinedAfter(0);
    const events: RunEvent[] = [start('sync'), { type: 'run-stop', kind: 'credentials', cause: 'credentials rejected', evidence: ['x-1'], quarantine: imposed }];
    const { verdict, exitCode } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('quarantined');
    expect(verdict.stop).toEqual({ kind: 'credentials', cause: 'credentials rejected', evidence: ['x-1'] });
    expect(exitCode).toBe(EXIT.quarantined);
  });
});

describe('judgeRun: how the run stopped', () => {
  it('is unreachable (exit 4) for a dead or stalled target, whatever else was seen', () => {
    const events: RunEvent[] = [start('sync'), cycleEnd('job-a', 0, quarantinedAfter(0)), { type: 'run-stop', kind: 'stalled', cause: '3 requests timed out', evidence: [] }];
    const { verdict, exitCode } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('unreachable');
    expect(exitCode).toBe(EXIT.unreachable);
  });

  it('is interrupted (exit 130) after an interrupt', () => {
    const events: RunEvent[] = [start('run'), { type: 'run-stop', kind: 'interrupted', cause: 'SIGINT', evidence: [] }];
    const { verdict, exitCode } = judgeRun(runFactsOf(events), GATE);
    expect(verdict.outcome).toBe('interrupted');
    expect(exitCode).toBe(EXIT.interrupted);
  });
});

describe('judgeRun: sync and provision are judged on their entries', () => {
  const entries = (failed: number): RunEvent[] => [
    start('sync'),
    ...Array.from({ length: 10 }, (_, index) => ({ type: 'entry' as const, entry: makeEntry({ at: at(index), status: index < failed ? 'failure' : 'success' }) })),
  ];

  it('fails past --max-failures and passes within it', () => {
    expect(judgeRun(runFactsOf(entries(2)), GATE).verdict.entries).toMatchObject({ total: 10, failed: 2, exceeded: true, maxFailures: '0' });
    expect(judgeRun(runFactsOf(entries(2)), GATE).exitCode).toBe(EXIT.failed);
    const tolerant = judgeRun(runFactsOf(entries(2)), { ...GATE, maxFailures: parseMaxFailures('20%') });
    expect(tolerant.verdict.outcome).toBe('passed');
    expect(tolerant.verdict.entries?.exceeded).toBe(false);
  });

  it('does not judge the entries of a conformance run', () => {
    const events = entries(2).map((event) => (event.type === 'run-start' ? start('run') : event));
    expect(judgeRun(runFactsOf(events), GATE).verdict.entries).toBeNull();
  });
});

describe('judgeRun: a run recorded before its quarantine states were', () => {
  it('keeps the quarantine, stop and interruption its own verdict recorded, and judges the rest again', () => {
    const legacyStart = start('run', { quarantinePolicy: undefined });
    const recorded = {
      outcome: 'quarantined',
      scenarios: [],
      findings: [],
      headline: 'QUARANTINE',
      quarantine: { wouldQuarantine: true, reason: 'TooManyDeletes', errorCode: null, details: 'Cycle 1 planned 600 deletes.', fix: null, escrowsPruned: false, jobDisabled: false, projection: null },
    } as unknown as Verdict;
    const events: RunEvent[] = [
      legacyStart,
      { type: 'finding', finding: finding('protocol/content-type', 'recommended') },
      { type: 'run-end', endedAt: at(80), verdict: recorded, jobStatus: {} },
    ];
    const { verdict, exitCode } = judgeRun(runFactsOf(events), { ...GATE, failOn: 'recommended' });
    expect(verdict.quarantine.reason).toBe('TooManyDeletes');
    expect(verdict.outcome).toBe('quarantined');
    expect(exitCode).toBe(EXIT.quarantined);
    expect(verdict.counts.findings.failing).toBe(1);
  });
});

describe('recordedGateOptions', () => {
  const verdict = { outcome: 'passed', scenarios: [], findings: [], headline: '', quarantine: {} } as unknown as Verdict;
  const end = (extra: Partial<RunEndEvent>): RunEndEvent => ({ type: 'run-end', endedAt: at(60), verdict, jobStatus: {}, ...extra });

  it('is the gate the run-end recorded', () => {
    const gate = recordedGateOptions(start('sync'), end({ gate: { failOn: 'recommended', maxFailures: '5', knownFailures: ['users/create'] } }));
    expect(gate).toEqual({ failOn: 'recommended', maxFailures: { kind: 'count', value: 5 }, baseline: { knownFailures: ['users/create'] } });
  });

  it('falls back to the run\'s settings and the baseline entries its verdict sorted, for a run recorded before the gate was', () => {
    const plan = start('run', { settings: { failOn: 'advisory', maxFailures: { kind: 'percent', value: 2 }, baselineFile: '/tmp/b.json' } });
    const older = end({ verdict: { ...verdict, knownFailures: ['users/disable'], fixedKnownFailures: ['users/create'], notRunKnownFailures: [], unknownKnownFailures: [{ id: 'x/y', suggestions: [] }] } });
    expect(recordedGateOptions(plan, older)).toEqual({
      failOn: 'advisory',
      maxFailures: { kind: 'percent', value: 2 },
      baseline: { knownFailures: ['users/disable', 'users/create', 'x/y'] },
    });
  });

  it('is the defaults for a run cut short before its settings said otherwise', () => {
    expect(recordedGateOptions(start('run', { settings: {} }), undefined)).toEqual({ failOn: 'required', maxFailures: NO_FAILURES_ALLOWED });
  });
});
