import {
  HEALTHY_QUARANTINE_STATE,
  advanceQuarantine,
  evaluateEscrowThresholds,
  type CycleOutcome,
  type QuarantineState,
} from '../../../harness/engine/quarantine/quarantine-state';
import { createQuarantinePolicy, type EscrowCounts } from '../../../harness/engine/quarantine/quarantine-rules';
import { assessQuarantine, describeFix } from '../../../harness/evaluate/quarantine-assessment';
import { type QuarantineProjection } from '../../../harness/contract/verdict';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const T0 = Date.UTC(2026, 0, 1);

const iso = (ms: number): string => new Date(ms).toISOString();
const CLEAN: EscrowCounts = { failures: 0, referenceFailures: 0, successes: 100 };
const PROPORTION: EscrowCounts = { failures: 30000, referenceFailures: 0, successes: 5000 };
const BASE: EscrowCounts = { failures: 45000, referenceFailures: 0, successes: 100000 };

function cycle(cycleNumber: number, endedMs: number, extra: Partial<CycleOutcome> = {}): CycleOutcome {
  return {
    cycleNumber,
    kind: cycleNumber === 0 ? 'initial' : 'incremental',
    endedAt: iso(endedMs),
    counts: CLEAN,
    anySuccessfulRetry: false,
    allowDeletes: false,
    ...extra,
  };
}

const credentials = {
  kind: 'credentials' as const,
  jobErrorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
  message: 'HTTP 401 on GET /Users',
};
const compliance = {
  kind: 'compliance' as const,
  jobErrorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
  message: 'An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response',
};

describe('evaluateEscrowThresholds — the documented examples (docs/entra-behaviour.md#quarantine-triggers)', () => {
  it('45,000 failed → quarantine: more than 40,000 failures', () => {
    const result = evaluateEscrowThresholds({ failures: 45000, referenceFailures: 0, successes: 0 });
    expect(result.reason).toBe('EncounteredBaseEscrowThreshold');
  });

  it('30,000 failed + 5,000 succeeded → quarantine: more than 40 % failed', () => {
    const result = evaluateEscrowThresholds({ failures: 30000, referenceFailures: 0, successes: 5000 });
    expect(result.reason).toBe('EncounteredEscrowProportionThreshold');
    expect(result.proportion).toBeCloseTo(30000 / 35000);
  });

  it('20,000 failed + 100,000 succeeded → no quarantine', () => {
    const result = evaluateEscrowThresholds({ failures: 20000, referenceFailures: 0, successes: 100000 });
    expect(result.reason).toBeNull();
    expect(result.explanation).toContain('No escrow threshold crossed');
    expect(result.explanation).toContain('20,000 of 120,000 provisioning events failed (16.7 %)');
  });

  it('4,000 failed → no quarantine: below the 5,000 minimum, even at 100 %', () => {
    const result = evaluateEscrowThresholds({ failures: 4000, referenceFailures: 0, successes: 0 });
    expect(result.reason).toBeNull();
    expect(result.explanation).toBe('4,000 failures is below the 5,000 Entra needs before it evaluates the escrow thresholds.');
  });

  it('40,000 user + 21,000 manager failures = 61,000 → quarantine on the total threshold', () => {
    const result = evaluateEscrowThresholds({ failures: 40000, referenceFailures: 21000, successes: 0 });
    expect(result.reason).toBe('EncounteredTotalEscrowThreshold');
    expect(result.crossed).toEqual(['EncounteredTotalEscrowThreshold', 'EncounteredEscrowProportionThreshold']);
    expect(result.explanation).toContain('61,000 failures including 21,000 reference failures');
  });
});

describe('evaluateEscrowThresholds — boundaries', () => {
  it('evaluates at exactly 5,000 failures and not at 4,999', () => {
    expect(evaluateEscrowThresholds({ failures: 5000, referenceFailures: 0, successes: 0 }).reason).toBe(
      'EncounteredEscrowProportionThreshold',
    );
    expect(evaluateEscrowThresholds({ failures: 4999, referenceFailures: 0, successes: 0 }).reason).toBeNull();
  });

  it('counts reference failures toward the minimum but not toward the proportion', () => {
    const result = evaluateEscrowThresholds({ failures: 3000, referenceFailures: 3000, successes: 10000 });
    expect(result.explanation).toContain('No escrow threshold crossed');
    expect(result.proportion).toBeCloseTo(3000 / 13000);
  });

  it('needs strictly more than 40 %', () => {
    expect(evaluateEscrowThresholds({ failures: 8000, referenceFailures: 0, successes: 12000 }).reason).toBeNull();
    expect(evaluateEscrowThresholds({ failures: 8001, referenceFailures: 0, successes: 12000 }).reason).toBe(
      'EncounteredEscrowProportionThreshold',
    );
  });

  it('needs strictly more than 40,000 non-reference failures', () => {
    expect(evaluateEscrowThresholds({ failures: 40000, referenceFailures: 0, successes: 100000 }).reason).toBeNull();
    expect(evaluateEscrowThresholds({ failures: 40001, referenceFailures: 0, successes: 100000 }).reason).toBe(
      'EncounteredBaseEscrowThreshold',
    );
  });

  it('trips the total threshold at exactly 60,000 (>=)', () => {
    expect(evaluateEscrowThresholds({ failures: 20000, referenceFailures: 40000, successes: 100000 }).reason).toBe(
      'EncounteredTotalEscrowThreshold',
    );
    expect(evaluateEscrowThresholds({ failures: 20000, referenceFailures: 39999, successes: 100000 }).reason).toBeNull();
  });

  it('follows an overridden policy', () => {
    const policy = createQuarantinePolicy({ minimumFailuresToEvaluate: 10, proportionThreshold: 0.1 });
    expect(evaluateEscrowThresholds({ failures: 20, referenceFailures: 0, successes: 100 }, policy).reason).toBe(
      'EncounteredEscrowProportionThreshold',
    );
  });
});

describe('advanceQuarantine', () => {
  it('stays healthy after a clean cycle and schedules the next one 40 minutes later', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0));
    expect(state.status).toBe('healthy');
    expect(state.reason).toBeNull();
    expect(state.nextAttempt).toBe(iso(T0 + 40 * 60 * 1000));
    expect(Object.isFrozen(state)).toBe(true);
  });

  it('quarantines at once on invalid credentials, whatever the counts', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { immediateTrigger: credentials }));
    expect(state).toMatchObject({
      status: 'quarantined',
      reason: 'EncounteredQuarantineException',
      errorCode: credentials.jobErrorCode,
      currentBegan: iso(T0),
      seriesBegan: iso(T0),
      seriesCount: 0,
      // The first step of the quarantine ladder (docs/entra-behaviour.md#while-quarantined).
      nextAttempt: iso(T0 + 2 * HOUR_MS),
    });
    expect(state.details).toContain('rejected the credentials');
    expect(state.details).toContain('HTTP 401 on GET /Users');
  });

  it('words an unreachable endpoint as unreachable, not as rejected credentials, and says how to fix it', () => {
    const unreachable = { kind: 'credentials' as const, jobErrorCode: 'CredentialValidationUnavailable', message: 'connection refused (ECONNREFUSED)' };
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { immediateTrigger: unreachable }));
    expect(state.details).toContain('could not be reached');
    expect(state.details).not.toContain('rejected the credentials');
    const assessment = assessQuarantine(state, null);
    expect(assessment.fix).toMatch(/^Make the endpoint reachable/);
    expect(assessment.fix).not.toMatch(/token/i);
  });

  it('quarantines at once on a SCIM compliance issue, even during the initial cycle', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { immediateTrigger: compliance }));
    expect(state.status).toBe('quarantined');
    expect(state.reason).toBe('EncounteredQuarantineException');
    expect(state.escrowsPruned).toBe(false);
    expect(state.details).toContain('SCIM compliance issue');
  });

  it('quarantines with TooManyDeletes when one cycle plans more deletes than the threshold', () => {
    const over = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(3, T0, { tooManyDeletes: { planned: 501 } }));
    expect(over.reason).toBe('TooManyDeletes');
    expect(over.details).toContain('501 disables and deletes');
    const at = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(3, T0, { tooManyDeletes: { planned: 500 } }));
    expect(at.status).toBe('healthy');
  });

  it('lets allowed deletes through and lifts a TooManyDeletes quarantine', () => {
    const held = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(3, T0, { tooManyDeletes: { planned: 900 } }));
    const allowed = advanceQuarantine(held, cycle(4, T0 + DAY_MS, { tooManyDeletes: { planned: 900 }, allowDeletes: true }));
    expect(allowed.status).toBe('healthy');
    expect(allowed.details).toContain('Quarantine (TooManyDeletes) lifted');
    expect(allowed.details).toContain('900 planned disables and deletes were allowed');
  });

  it('prunes escrows instead of quarantining when thresholds are hit during the initial cycle', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { counts: PROPORTION }));
    expect(state.status).toBe('healthy');
    expect(state.escrowsPruned).toBe(true);
    expect(state.details).toContain('escrows were pruned');
  });

  it('quarantines on the threshold reason when it is hit in an incremental cycle, and keeps escrowsPruned', () => {
    const pruned = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { counts: PROPORTION }));
    const state = advanceQuarantine(pruned, cycle(1, T0 + HOUR_MS, { counts: PROPORTION }));
    expect(state.status).toBe('quarantined');
    expect(state.reason).toBe('EncounteredEscrowProportionThreshold');
    expect(state.errorCode).toBeNull();
    expect(state.escrowsPruned).toBe(true);
  });

  it('does not let a successful retry prevent a quarantine on a healthy job', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE, anySuccessfulRetry: true }));
    expect(state.reason).toBe('EncounteredBaseEscrowThreshold');
  });

  it('counts re-evaluations, keeps currentBegan for the same reason and sets nextAttempt by the ladder (12 h on the third)', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + DAY_MS, { counts: BASE }));
    state = advanceQuarantine(state, cycle(3, T0 + 2 * DAY_MS, { counts: BASE }));
    expect(state).toMatchObject({
      status: 'quarantined',
      seriesCount: 2,
      currentBegan: iso(T0),
      seriesBegan: iso(T0),
      nextAttempt: iso(T0 + 2 * DAY_MS + 12 * HOUR_MS),
    });
  });

  it('resets currentBegan but keeps seriesBegan when the reason changes', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + DAY_MS, { immediateTrigger: credentials }));
    expect(state).toMatchObject({
      reason: 'EncounteredQuarantineException',
      currentBegan: iso(T0 + DAY_MS),
      seriesBegan: iso(T0),
      seriesCount: 1,
    });
  });

  it('lifts the quarantine after a clean cycle and resets the series', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { immediateTrigger: credentials }));
    state = advanceQuarantine(state, cycle(2, T0 + DAY_MS));
    expect(state).toMatchObject({
      status: 'healthy',
      reason: null,
      errorCode: null,
      currentBegan: null,
      seriesBegan: null,
      seriesCount: 0,
      nextAttempt: iso(T0 + DAY_MS + 40 * 60 * 1000),
    });
    expect(state.details).toContain('Quarantine (EncounteredQuarantineException) lifted');
    const again = advanceQuarantine(state, cycle(3, T0 + 2 * DAY_MS, { counts: BASE }));
    expect(again.seriesBegan).toBe(iso(T0 + 2 * DAY_MS));
    expect(again.seriesCount).toBe(0);
  });

  it('lifts an escrow quarantine after any successful retry, though the counts are still over (docs/entra-behaviour.md#while-quarantined)', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + DAY_MS, { counts: BASE, anySuccessfulRetry: true }));
    expect(state.status).toBe('healthy');
    expect(state.details).toContain('a retried operation succeeded');
  });

  it('does not let a successful retry lift a quarantine whose credentials still fail', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { immediateTrigger: credentials }));
    state = advanceQuarantine(state, cycle(2, T0 + DAY_MS, { immediateTrigger: credentials, anySuccessfulRetry: true }));
    expect(state.status).toBe('quarantined');
  });

  it('disables the job after four weeks in quarantine, not before', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    for (let day = 1; day <= 27; day += 1) {
      state = advanceQuarantine(state, cycle(1 + day, T0 + day * DAY_MS, { counts: BASE }));
    }
    expect(state.status).toBe('quarantined');
    expect(state.seriesCount).toBe(27);
    state = advanceQuarantine(state, cycle(29, T0 + 28 * DAY_MS, { counts: BASE }));
    expect(state.status).toBe('disabled');
    expect(state.nextAttempt).toBeNull();
    expect(state.details).toContain('28 days, limit 28');
    expect(state.details).toContain('stops running until restarted');
  });

  it('counts the four weeks from the start of the series, across a change of reason', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + 20 * DAY_MS, { immediateTrigger: credentials }));
    state = advanceQuarantine(state, cycle(3, T0 + 28 * DAY_MS, { immediateTrigger: credentials }));
    expect(state.status).toBe('disabled');
  });

  it('leaves a disabled job alone: it no longer runs cycles', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + 28 * DAY_MS, { counts: BASE }));
    const after = advanceQuarantine(state, cycle(3, T0 + 29 * DAY_MS));
    expect(after).toBe(state);
  });

  it('rejects an endedAt that is not a time', () => {
    expect(() => advanceQuarantine(HEALTHY_QUARANTINE_STATE, { ...cycle(1, T0), endedAt: 'yesterday' })).toThrow(
      'cycle 1 endedAt must be an ISO 8601 time, got "yesterday"',
    );
  });
});

describe('describeFix', () => {
  it('tells the vendor what to change for each reason', () => {
    expect(describeFix('EncounteredQuarantineException', credentials.jobErrorCode)).toContain(
      'Issue a valid token and test the connection',
    );
    expect(describeFix('EncounteredQuarantineException', compliance.jobErrorCode)).toContain(
      'Return 200 with an empty ListResponse for filters that match nothing, RFC 7644 §3.4.2',
    );
    expect(describeFix('EncounteredEscrowProportionThreshold', null, { create: 0.45, update: 0, manager: 0.02 })).toBe(
      'Too large a share of provisioning events failed: fix the failing operation types listed below before onboarding customers: create 45.0 % failed, manager 2.0 % failed.',
    );
    expect(describeFix('TooManyDeletes', null)).toContain('ForceDeletes');
    expect(describeFix('EncounteredTotalEscrowThreshold', null)).toContain('manager and group-membership updates');
    expect(describeFix(null, null)).toBeNull();
  });
});

describe('assessQuarantine', () => {
  const projection = (wouldQuarantine: boolean): QuarantineProjection => ({
    populationEstimate: 10000,
    wouldQuarantine,
    reason: wouldQuarantine ? 'EncounteredEscrowProportionThreshold' : null,
    afterCycle: wouldQuarantine ? 1 : null,
    projectedFailures: 4500,
    projectedReferenceFailures: 0,
    observedFailureRateByOperation: { create: 0.45 },
    explanation: 'Projected explanation.',
  });

  it('reports an observed quarantine with its error code and fix', () => {
    const state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { immediateTrigger: credentials }));
    const assessment = assessQuarantine(state, projection(false));
    expect(assessment).toMatchObject({
      wouldQuarantine: true,
      reason: 'EncounteredQuarantineException',
      errorCode: credentials.jobErrorCode,
      escrowsPruned: false,
      jobDisabled: false,
    });
    expect(assessment.fix).toContain('Issue a valid token');
    expect(assessment.details).toContain('HTTP 401');
  });

  it('still reports a quarantine that was lifted before the run ended', () => {
    const quarantined = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { immediateTrigger: compliance }));
    const lifted = advanceQuarantine(quarantined, cycle(2, T0 + DAY_MS));
    const assessment = assessQuarantine(lifted, null, { history: [quarantined, lifted] });
    expect(assessment.wouldQuarantine).toBe(true);
    expect(assessment.details).toContain('lifted before the run ended');
    expect(assessment.fix).toContain('RFC 7644 §3.4.2');
  });

  it('reports a projected quarantine when the run itself stayed healthy, unless told not to gate on it', () => {
    const gated = assessQuarantine(HEALTHY_QUARANTINE_STATE, projection(true));
    expect(gated.wouldQuarantine).toBe(true);
    expect(gated.reason).toBe('EncounteredEscrowProportionThreshold');
    expect(gated.details).toBe(
      'At production scale (10,000 objects) Entra would quarantine this job after cycle 1; the run itself stayed below the thresholds.',
    );
    expect(gated.fix).toContain('create 45.0 % failed');
    const ungated = assessQuarantine(HEALTHY_QUARANTINE_STATE, projection(true), { gateOnProjection: false });
    expect(ungated.wouldQuarantine).toBe(false);
  });

  it('reports no quarantine, with pruned escrows and the projection explained', () => {
    const pruned = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0, { counts: PROPORTION }));
    const assessment = assessQuarantine(pruned, projection(false));
    expect(assessment).toMatchObject({ wouldQuarantine: false, reason: null, fix: null, escrowsPruned: true });
    expect(assessment.details).toContain('Escrows were pruned during the initial cycle.');
    expect(assessment.projection?.explanation).toBe('Projected explanation.');
    expect(assessment.details).not.toContain('Projected explanation.');
  });

  it('reports a disabled job', () => {
    let state: QuarantineState = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(1, T0, { counts: BASE }));
    state = advanceQuarantine(state, cycle(2, T0 + 28 * DAY_MS, { counts: BASE }));
    const assessment = assessQuarantine(state, null);
    expect(assessment.jobDisabled).toBe(true);
    expect(assessment.details).toContain('Entra disables it');
  });
});
