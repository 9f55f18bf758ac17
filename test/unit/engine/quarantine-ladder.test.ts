/**
 * A quarantined job's cycles slow down step by step to once a day (docs/entra-behaviour.md#while-quarantined):
 * D-QUAR says "gradually reduced to once per day"; the steps themselves are the harness's choice [INF].
 */
import { createQuarantinePolicy, DEFAULT_QUARANTINE_POLICY, quarantinedCycleIntervalMinutes } from '../../../harness/engine/quarantine/quarantine-rules';
import { advanceQuarantine, HEALTHY_QUARANTINE_STATE, quarantineBeforeFirstCycle, type CycleOutcome, type QuarantineState } from '../../../harness/engine/quarantine/quarantine-state';
import { buildJobStatus } from '../../../harness/engine/quarantine/job-status';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const CREDENTIALS = { kind: 'credentials', jobErrorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure', message: 'HTTP 401' } as const;

function cycle(cycleNumber: number, endedAtMs: number): CycleOutcome {
  return {
    cycleNumber,
    kind: 'incremental',
    endedAt: new Date(endedAtMs).toISOString(),
    counts: { failures: 0, referenceFailures: 0, successes: 0 },
    immediateTrigger: CREDENTIALS,
    anySuccessfulRetry: false,
    allowDeletes: false,
  };
}

describe('quarantinedCycleIntervalMinutes', () => {
  it.each([
    [0, 2 * 60],
    [1, 6 * 60],
    [2, 12 * 60],
    [3, 24 * 60],
    [4, 24 * 60],
    [27, 24 * 60],
  ])('after quarantined cycle #%i of a series the next cycle is %i minutes later', (seriesCount, minutes) => {
    expect(quarantinedCycleIntervalMinutes(seriesCount)).toBe(minutes);
  });

  it('never exceeds the daily cap of the policy and never undercuts the healthy interval', () => {
    const slowCap = createQuarantinePolicy({ quarantinedCycleIntervalHours: 8 });
    expect([0, 1, 2, 3].map((n) => quarantinedCycleIntervalMinutes(n, slowCap))).toEqual([120, 360, 480, 480]);
    const slowCycles = createQuarantinePolicy({ cycleIntervalMinutes: 300 });
    expect([0, 1, 2, 3].map((n) => quarantinedCycleIntervalMinutes(n, slowCycles))).toEqual([300, 360, 720, 1440]);
  });

  it('rejects a negative or fractional series count', () => {
    expect(() => quarantinedCycleIntervalMinutes(-1)).toThrow('seriesCount must be a whole number >= 0, got -1');
    expect(() => quarantinedCycleIntervalMinutes(0.5)).toThrow('seriesCount must be a whole number >= 0, got 0.5');
  });
});

describe('successive quarantined cycles', () => {
  it('move nextAttempt 2 h, 6 h, 12 h, then 24 h past each cycle, and the job status interval with them', () => {
    let state: QuarantineState = HEALTHY_QUARANTINE_STATE;
    let endedAt = T0;
    const gaps: number[] = [];
    const intervals: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      state = advanceQuarantine(state, cycle(n, endedAt));
      expect(state.status).toBe('quarantined');
      const next = Date.parse(state.nextAttempt ?? '');
      gaps.push((next - endedAt) / HOUR_MS);
      intervals.push(buildJobStatus({ jobId: 'scim.job', quarantine: state }).schedule.interval);
      endedAt = next + 5 * MINUTE_MS;
    }
    expect(gaps).toEqual([2, 6, 12, 24, 24, 24]);
    expect(intervals).toEqual(['PT2H', 'PT6H', 'PT12H', 'P1D', 'P1D', 'P1D']);
  });

  it('start again at the first step after the quarantine is lifted', () => {
    let state = advanceQuarantine(HEALTHY_QUARANTINE_STATE, cycle(0, T0));
    state = advanceQuarantine(state, cycle(1, T0 + 2 * HOUR_MS));
    expect(state.seriesCount).toBe(1);
    const healthy = advanceQuarantine(state, { ...cycle(2, T0 + 8 * HOUR_MS), immediateTrigger: undefined });
    expect(healthy.status).toBe('healthy');
    expect(Date.parse(healthy.nextAttempt ?? '') - (T0 + 8 * HOUR_MS)).toBe(DEFAULT_QUARANTINE_POLICY.cycleIntervalMinutes * MINUTE_MS);
    const again = advanceQuarantine(healthy, cycle(3, T0 + 9 * HOUR_MS));
    expect(Date.parse(again.nextAttempt ?? '') - (T0 + 9 * HOUR_MS)).toBe(2 * HOUR_MS);
  });

  it('sends a job quarantined by Test Connection to its first step', () => {
    const state = quarantineBeforeFirstCycle(CREDENTIALS, new Date(T0).toISOString());
    expect(Date.parse(state.nextAttempt ?? '') - T0).toBe(2 * HOUR_MS);
  });
});
