import { ConfigurationError } from '../../../harness/errors';
import { EntryTally } from '../../../harness/log/entry-tally';
import {
  GRAPH_NEVER,
  UNSCHEDULED_INTERVAL,
  applyRestart,
  buildJobStatus,
  executionFromCycle,
  type TaskExecutionInput,
} from '../../../harness/engine/quarantine/job-status';
import { HEALTHY_QUARANTINE_STATE, advanceQuarantine, type QuarantineState } from '../../../harness/engine/quarantine/quarantine-state';
import { createQuarantinePolicy } from '../../../harness/engine/quarantine/quarantine-rules';
import { at, makeEntry } from './entry-factory';

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);
const JOB_ID = 'scim.0f1e2d3c4b5a69788796a5b4c3d2e1f0.6ea11543-0b69-4a5f-9c7e-1d2c3b4a5f6e';

const execution: TaskExecutionInput = {
  activityIdentifier: 'cycle-3',
  timeBegan: at(0),
  timeEnded: at(5),
  countImported: 10,
  countExports: 8,
  countExported: 8,
};

function quarantined(kind: 'credentials' | 'compliance' | 'threshold'): QuarantineState {
  const base = {
    cycleNumber: 2,
    kind: 'incremental' as const,
    endedAt: new Date(T0).toISOString(),
    counts: { failures: 45000, referenceFailures: 0, successes: 0 },
    anySuccessfulRetry: false,
    allowDeletes: false,
  };
  if (kind === 'threshold') return advanceQuarantine(HEALTHY_QUARANTINE_STATE, base);
  return advanceQuarantine(HEALTHY_QUARANTINE_STATE, {
    ...base,
    immediateTrigger: {
      kind,
      jobErrorCode:
        kind === 'credentials'
          ? 'SystemForCrossDomainIdentityManagementCredentialValidationFailure'
          : 'SystemForCrossDomainIdentityManagementServiceIncompatible',
      message: 'target said no',
    },
  });
}

describe('buildJobStatus', () => {
  it('shows a healthy job in the Graph synchronizationJob shape', () => {
    const job = buildJobStatus({
      jobId: JOB_ID,
      quarantine: HEALTHY_QUARANTINE_STATE,
      lastExecution: execution,
      lastSuccessfulExecution: execution,
      synchronizedUsers: 40,
      synchronizedGroups: 3,
    });
    expect(Object.keys(job)).toEqual(['id', 'templateId', 'schedule', 'status', 'synchronizationJobSettings']);
    expect(job.id).toBe(JOB_ID);
    expect(job.templateId).toBe('scim');
    expect(job.schedule).toEqual({ expiration: null, interval: 'PT40M', state: 'Active' });
    expect(Object.keys(job.status)).toEqual([
      'code',
      'countSuccessiveCompleteFailures',
      'escrowsPruned',
      'lastExecution',
      'lastSuccessfulExecution',
      'lastSuccessfulExecutionWithExports',
      'progress',
      'quarantine',
      'steadyStateFirstAchievedTime',
      'steadyStateLastAchievedTime',
      'synchronizedEntryCountByType',
      'troubleshootingUrl',
    ]);
    expect(job.status).toMatchObject({
      code: 'Active',
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      lastSuccessfulExecutionWithExports: null,
      progress: [],
      quarantine: null,
      steadyStateFirstAchievedTime: GRAPH_NEVER,
      troubleshootingUrl: null,
      synchronizedEntryCountByType: [
        { key: 'User', value: 40 },
        { key: 'Group', value: 3 },
      ],
    });
    expect(job.status.lastExecution).toEqual({
      activityIdentifier: 'cycle-3',
      countEntitled: 0,
      countEntitledForProvisioning: 0,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: 8,
      countExports: 8,
      countImported: 10,
      countImportedDeltas: 0,
      countImportedReferenceDeltas: 0,
      error: null,
      state: 'Succeeded',
      timeBegan: at(0),
      timeEnded: at(5),
    });
    expect(job.synchronizationJobSettings).toEqual([{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }]);
    expect(Object.isFrozen(job.status.synchronizedEntryCountByType[0])).toBe(true);
  });

  it('says NotRun before the first cycle and Paused when paused', () => {
    expect(buildJobStatus({ jobId: JOB_ID, quarantine: HEALTHY_QUARANTINE_STATE }).status.code).toBe('NotRun');
    const paused = buildJobStatus({ jobId: JOB_ID, quarantine: HEALTHY_QUARANTINE_STATE, lastExecution: execution, paused: true });
    expect(paused.status.code).toBe('Paused');
    expect(paused.schedule).toEqual({ expiration: null, interval: UNSCHEDULED_INTERVAL, state: 'Paused' });
  });

  it('shows a quarantined job: code Quarantine, the ladder\'s interval and the quarantine details', () => {
    const state = quarantined('credentials');
    const job = buildJobStatus({ jobId: JOB_ID, quarantine: state, lastExecution: execution });
    expect(job.status.code).toBe('Quarantine');
    // First quarantined cycle: 2 h; daily from the fourth on (docs/entra-behaviour.md#while-quarantined).
    expect(job.schedule).toEqual({ expiration: null, interval: 'PT2H', state: 'Active' });
    expect(buildJobStatus({ jobId: JOB_ID, quarantine: { ...state, seriesCount: 3 } }).schedule.interval).toBe('P1D');
    expect(job.status.quarantine).toEqual({
      currentBegan: state.currentBegan,
      nextAttempt: state.nextAttempt,
      reason: 'EncounteredQuarantineException',
      seriesBegan: state.seriesBegan,
      seriesCount: 0,
      error: {
        code: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
        message: state.details,
        tenantActionable: true,
      },
    });
  });

  it('uses the reason as the error code for threshold quarantines, which the tenant cannot fix alone', () => {
    const job = buildJobStatus({ jobId: JOB_ID, quarantine: quarantined('threshold') });
    expect(job.status.quarantine?.error).toMatchObject({ code: 'EncounteredBaseEscrowThreshold', tenantActionable: false });
    const compliance = buildJobStatus({ jobId: JOB_ID, quarantine: quarantined('compliance') });
    expect(compliance.status.quarantine?.error.tenantActionable).toBe(false);
  });

  it('shows a job disabled after four weeks as unscheduled and disabled', () => {
    let state = quarantined('threshold');
    state = advanceQuarantine(state, {
      cycleNumber: 30,
      kind: 'incremental',
      endedAt: new Date(T0 + 28 * DAY_MS).toISOString(),
      counts: { failures: 45000, referenceFailures: 0, successes: 0 },
      anySuccessfulRetry: false,
      allowDeletes: false,
    });
    const job = buildJobStatus({ jobId: JOB_ID, quarantine: state, lastExecution: execution });
    expect(job.schedule).toEqual({ expiration: null, interval: UNSCHEDULED_INTERVAL, state: 'Disabled' });
    expect(job.status.code).toBe('Quarantine');
    expect(job.status.quarantine?.nextAttempt).toBeNull();
  });

  it('follows the policy for intervals and the deletion threshold setting', () => {
    const policy = createQuarantinePolicy({ cycleIntervalMinutes: 90, deletionThreshold: 3 });
    const job = buildJobStatus({
      jobId: JOB_ID,
      quarantine: HEALTHY_QUARANTINE_STATE,
      policy,
      extraSettings: [{ name: 'LookaheadQueryEnabled', value: 'False' }],
    });
    expect(job.schedule.interval).toBe('PT1H30M');
    expect(job.synchronizationJobSettings).toEqual([
      { name: 'QuarantineTooManyDeletesThreshold', value: '3' },
      { name: 'LookaheadQueryEnabled', value: 'False' },
    ]);
  });

  it('marks executions with entry failures EntryLevelErrors and with a job error Failed', () => {
    const job = buildJobStatus({
      jobId: JOB_ID,
      quarantine: HEALTHY_QUARANTINE_STATE,
      lastExecution: { ...execution, failures: 2 },
      lastSuccessfulExecution: { ...execution, error: { code: 'X', message: 'boom', tenantActionable: false } },
    });
    expect(job.status.lastExecution?.state).toBe('EntryLevelErrors');
    expect(job.status.lastSuccessfulExecution?.state).toBe('Failed');
  });

  it('reports escrowsPruned from the quarantine state', () => {
    const job = buildJobStatus({ jobId: JOB_ID, quarantine: { ...HEALTHY_QUARANTINE_STATE, escrowsPruned: true } });
    expect(job.status.escrowsPruned).toBe(true);
  });
});

describe('executionFromCycle', () => {
  it('turns a cycle tally into Graph execution counts', () => {
    const tally = new EntryTally();
    tally.add(makeEntry({ at: at(40), cycleNumber: 1, status: 'success' }));
    tally.add(makeEntry({ at: at(41), cycleNumber: 1, status: 'failure' }));
    tally.add(makeEntry({ at: at(42), cycleNumber: 1, status: 'skipped', action: 'other', operation: 'none' }));
    tally.add(makeEntry({ at: at(43), cycleNumber: 1, status: 'success', action: 'update', operation: 'manager' }));
    const cycle = tally.snapshot().cycles[0];
    const job = buildJobStatus({ jobId: JOB_ID, quarantine: HEALTHY_QUARANTINE_STATE, lastExecution: executionFromCycle(cycle) });
    expect(job.status.lastExecution).toEqual({
      activityIdentifier: 'cycle-1',
      // The manager write is a second entry for an object already counted.
      countEntitled: 3,
      countEntitledForProvisioning: 3,
      countEscrowed: 1,
      countEscrowedRaw: 1,
      countExported: 2,
      countExports: 3,
      countImported: 4,
      countImportedDeltas: 4,
      countImportedReferenceDeltas: 1,
      error: null,
      state: 'EntryLevelErrors',
      timeBegan: at(40),
      timeEnded: at(43),
    });
  });
});

describe('applyRestart', () => {
  const state = { ...quarantined('threshold'), escrowsPruned: true };

  it('with an empty scope behaves like the portal Restart: quarantine, watermark and escrows', () => {
    const effect = applyRestart(state, '');
    expect(effect).toMatchObject({
      flags: ['QuarantineState', 'Watermark', 'Escrows'],
      clearEscrows: true,
      clearWatermark: true,
      clearQuarantine: true,
      breakLinks: false,
      forceDeletes: false,
    });
    expect(effect.state.status).toBe('healthy');
    expect(effect.state.escrowsPruned).toBe(false);
  });

  it('Full clears everything, links and held deletes included', () => {
    expect(applyRestart(state, 'Full')).toMatchObject({
      clearEscrows: true,
      clearWatermark: true,
      clearQuarantine: true,
      breakLinks: true,
      forceDeletes: true,
    });
  });

  it('applies single flags only, trimmed and case-insensitive', () => {
    const effect = applyRestart(state, ' forcedeletes , Watermark');
    expect(effect).toMatchObject({
      flags: ['ForceDeletes', 'Watermark'],
      clearEscrows: false,
      clearWatermark: true,
      clearQuarantine: false,
      breakLinks: false,
      forceDeletes: true,
    });
    expect(effect.state).toBe(state);
  });

  it('QuarantineState lifts the quarantine and keeps escrowsPruned unless escrows are cleared', () => {
    const effect = applyRestart(state, 'QuarantineState');
    expect(effect.state.status).toBe('healthy');
    expect(effect.state.escrowsPruned).toBe(true);
    expect(effect.clearEscrows).toBe(false);
  });

  it('None starts a quarantined job again; ConnectorDataStore forgets the links', () => {
    expect(applyRestart(state, 'None').clearQuarantine).toBe(true);
    expect(applyRestart(state, 'ConnectorDataStore')).toMatchObject({ breakLinks: true, clearQuarantine: false });
  });

  it('rejects an unknown flag, naming it and the valid list', () => {
    expect(() => applyRestart(state, 'Escrows, Everything')).toThrow(ConfigurationError);
    expect(() => applyRestart(state, 'Escrows, Everything')).toThrow(
      'resetScope flag "Everything" is not valid; use a comma-separated list of None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes',
    );
  });
});
