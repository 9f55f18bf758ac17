/**
 * The job as Microsoft Graph shows it (`GET /servicePrincipals/{id}/synchronization/jobs/{jobId}`,
 * docs/entra-behaviour.md#job-status), and what a restart clears (docs/entra-behaviour.md#restart, G-RESTART).
 */
import { ConfigurationError } from '../../errors';
import { deepFreeze } from '../../freeze';
import { type JobStatusSummary, type QuarantinePolicy, type QuarantineReason, type SynchronizationScheduleState, type SynchronizationStatusCode } from '../../contract/quarantine';
import { DEFAULT_QUARANTINE_POLICY, quarantinedCycleIntervalMinutes } from './quarantine-rules';
import { HEALTHY_QUARANTINE_STATE, isCredentialErrorCode, isUnreachableErrorCode, type QuarantineState } from './quarantine-state';

export type { JobStatusSummary, SynchronizationScheduleState, SynchronizationStatusCode } from '../../contract/quarantine';

/** Graph's "never" for DateTimeOffset fields (docs/entra-behaviour.md#job-status steadyState examples). */
export const GRAPH_NEVER = '0001-01-01T00:00:00Z';
/** TimeSpan.MaxValue: the interval Graph shows for a job that is not scheduled (docs/entra-behaviour.md#job-status). */
export const UNSCHEDULED_INTERVAL = 'P10675199DT2H48M5.4775807S';

export type SynchronizationTaskExecutionState = 'Succeeded' | 'Failed' | 'EntryLevelErrors';

export interface SynchronizationError {
  readonly code: string;
  readonly message: string;
  readonly tenantActionable: boolean;
}

export interface SynchronizationTaskExecution {
  readonly activityIdentifier: string;
  readonly countEntitled: number;
  readonly countEntitledForProvisioning: number;
  readonly countEscrowed: number;
  readonly countEscrowedRaw: number;
  readonly countExported: number;
  readonly countExports: number;
  readonly countImported: number;
  readonly countImportedDeltas: number;
  readonly countImportedReferenceDeltas: number;
  readonly error: SynchronizationError | null;
  readonly state: SynchronizationTaskExecutionState;
  readonly timeBegan: string;
  readonly timeEnded: string;
}

export interface SynchronizationProgress {
  readonly completedUnits: number;
  readonly progressObservationDateTime: string;
  readonly totalUnits: number;
  readonly units: string;
}

export interface SynchronizationQuarantine {
  readonly currentBegan: string;
  readonly nextAttempt: string | null;
  readonly reason: QuarantineReason;
  readonly seriesBegan: string;
  readonly seriesCount: number;
  readonly error: SynchronizationError;
}

export interface StringKeyLongValuePair {
  readonly key: string;
  readonly value: number;
}

export interface KeyValuePair {
  readonly name: string;
  readonly value: string;
}

export interface SynchronizationStatus {
  readonly code: SynchronizationStatusCode;
  readonly countSuccessiveCompleteFailures: number;
  readonly escrowsPruned: boolean;
  readonly lastExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  readonly progress: readonly SynchronizationProgress[];
  readonly quarantine: SynchronizationQuarantine | null;
  readonly steadyStateFirstAchievedTime: string;
  readonly steadyStateLastAchievedTime: string;
  readonly synchronizedEntryCountByType: readonly StringKeyLongValuePair[];
  readonly troubleshootingUrl: string | null;
}

/** Graph `synchronizationJob`. */
export interface SynchronizationJob {
  readonly id: string;
  readonly templateId: string;
  readonly schedule: {
    readonly expiration: string | null;
    readonly interval: string;
    readonly state: SynchronizationScheduleState;
  };
  readonly status: SynchronizationStatus;
  readonly synchronizationJobSettings: readonly KeyValuePair[];
}

/** One cycle as Graph reports it; counts left out are 0. */
export interface TaskExecutionInput {
  readonly activityIdentifier: string;
  readonly timeBegan: string;
  readonly timeEnded: string;
  readonly countEntitled?: number;
  readonly countEntitledForProvisioning?: number;
  readonly countEscrowed?: number;
  readonly countEscrowedRaw?: number;
  readonly countExported?: number;
  readonly countExports?: number;
  readonly countImported?: number;
  readonly countImportedDeltas?: number;
  readonly countImportedReferenceDeltas?: number;
  /** A job-level error: the cycle as a whole failed. */
  readonly error?: SynchronizationError | null;
  /** Entry-level failures in the cycle. */
  readonly failures?: number;
}

export interface JobStatusInput {
  /** `scim.<tenantNoDashes>.<guid>` (docs/entra-behaviour.md#log-entry-schema). */
  readonly jobId: string;
  readonly quarantine: QuarantineState;
  readonly policy?: QuarantinePolicy;
  readonly lastExecution?: TaskExecutionInput | null;
  readonly lastSuccessfulExecution?: TaskExecutionInput | null;
  readonly lastSuccessfulExecutionWithExports?: TaskExecutionInput | null;
  /** Paused by an admin, or waiting for cleanup after escrows were pruned (G-SSTAT). */
  readonly paused?: boolean;
  readonly countSuccessiveCompleteFailures?: number;
  readonly synchronizedUsers?: number;
  readonly synchronizedGroups?: number;
  readonly steadyStateFirstAchievedTime?: string | null;
  readonly steadyStateLastAchievedTime?: string | null;
  readonly progress?: readonly SynchronizationProgress[];
  /** Settings shown after QuarantineTooManyDeletesThreshold. */
  readonly extraSettings?: readonly KeyValuePair[];
}


/** The job's status after a cycle ran, as `buildJobStatus` would show it (never paused: the harness does not pause jobs). */
export function jobStatusAfterCycle(quarantine: QuarantineState): JobStatusSummary {
  return Object.freeze({
    code: quarantine.status === 'healthy' ? 'Active' : 'Quarantine',
    schedule: quarantine.status === 'disabled' ? 'Disabled' : 'Active',
  });
}

export function buildJobStatus(input: JobStatusInput): SynchronizationJob {
  const policy = input.policy ?? DEFAULT_QUARANTINE_POLICY;
  const { quarantine } = input;
  const lastExecution = toExecution(input.lastExecution);
  const quarantined = quarantine.status !== 'healthy';
  let code: SynchronizationStatusCode;
  if (input.paused) code = 'Paused';
  else if (quarantined) code = 'Quarantine';
  else if (!lastExecution) code = 'NotRun';
  else code = 'Active';

  let schedule: SynchronizationJob['schedule'];
  if (quarantine.status === 'disabled') {
    // Four weeks in quarantine stop the job (docs/entra-behaviour.md#while-quarantined): Graph shows an unscheduled, disabled job.
    schedule = { expiration: null, interval: UNSCHEDULED_INTERVAL, state: 'Disabled' };
  } else if (input.paused) {
    schedule = { expiration: null, interval: UNSCHEDULED_INTERVAL, state: 'Paused' };
  } else {
    // While quarantined the interval is the current step of the ladder (docs/entra-behaviour.md#while-quarantined).
    const interval = quarantined
      ? formatDuration(quarantinedCycleIntervalMinutes(quarantine.seriesCount, policy))
      : formatDuration(policy.cycleIntervalMinutes);
    schedule = { expiration: null, interval, state: 'Active' };
  }

  const job: SynchronizationJob = {
    id: input.jobId,
    templateId: 'scim',
    schedule,
    status: {
      code,
      countSuccessiveCompleteFailures: input.countSuccessiveCompleteFailures ?? 0,
      escrowsPruned: quarantine.escrowsPruned,
      lastExecution,
      lastSuccessfulExecution: toExecution(input.lastSuccessfulExecution),
      lastSuccessfulExecutionWithExports: toExecution(input.lastSuccessfulExecutionWithExports),
      progress: input.progress ?? [],
      quarantine: toQuarantine(quarantine),
      steadyStateFirstAchievedTime: input.steadyStateFirstAchievedTime ?? GRAPH_NEVER,
      steadyStateLastAchievedTime: input.steadyStateLastAchievedTime ?? GRAPH_NEVER,
      synchronizedEntryCountByType: [
        { key: 'User', value: input.synchronizedUsers ?? 0 },
        { key: 'Group', value: input.synchronizedGroups ?? 0 },
      ],
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: [
      { name: 'QuarantineTooManyDeletesThreshold', value: String(policy.deletionThreshold) },
      ...(input.extraSettings ?? []),
    ],
  };
  return deepFreeze(job);
}

/** What `executionFromCycle` reads of a cycle's tally (the evaluator's `CycleTally` has these fields). */
export interface CycleExecutionCounts {
  readonly cycleId: string;
  readonly kind: 'initial' | 'incremental' | 'onDemand';
  readonly entries: number;
  readonly successes: number;
  readonly failures: number;
  readonly skipped: number;
  readonly usersProcessed: number;
  readonly groupsProcessed: number;
  readonly firstActivityAt: string | null;
  readonly lastActivityAt: string | null;
  readonly byOperation: Readonly<Record<string, { readonly attempts: number }>>;
}

/**
 * A cycle's tally in Graph's execution vocabulary [INF: Graph does not define the counts
 * precisely]: imported = entries processed, exports = entries that wrote (not skipped),
 * exported = those that succeeded, escrowed = failures, reference deltas = manager and
 * membership operations, deltas = entries of an incremental cycle.
 */
export function executionFromCycle(
  cycle: CycleExecutionCounts,
  extra: { readonly activityIdentifier?: string; readonly countEntitled?: number; readonly countEscrowed?: number; readonly error?: SynchronizationError | null } = {},
): TaskExecutionInput {
  const referenceDeltas = (cycle.byOperation.manager?.attempts ?? 0) + (cycle.byOperation.membership?.attempts ?? 0);
  const entitled = extra.countEntitled ?? cycle.usersProcessed + cycle.groupsProcessed;
  return {
    activityIdentifier: extra.activityIdentifier ?? cycle.cycleId,
    timeBegan: cycle.firstActivityAt ?? GRAPH_NEVER,
    timeEnded: cycle.lastActivityAt ?? GRAPH_NEVER,
    countEntitled: entitled,
    countEntitledForProvisioning: entitled,
    countEscrowed: extra.countEscrowed ?? cycle.failures,
    countEscrowedRaw: cycle.failures,
    countExported: cycle.successes,
    countExports: cycle.entries - cycle.skipped,
    countImported: cycle.entries,
    countImportedDeltas: cycle.kind === 'incremental' ? cycle.entries : 0,
    countImportedReferenceDeltas: referenceDeltas,
    error: extra.error ?? null,
    failures: cycle.failures,
  };
}

function toExecution(input: TaskExecutionInput | null | undefined): SynchronizationTaskExecution | null {
  if (!input) return null;
  const error = input.error ?? null;
  let state: SynchronizationTaskExecutionState = 'Succeeded';
  if (error) state = 'Failed';
  else if ((input.failures ?? 0) > 0) state = 'EntryLevelErrors';
  return {
    activityIdentifier: input.activityIdentifier,
    countEntitled: input.countEntitled ?? 0,
    countEntitledForProvisioning: input.countEntitledForProvisioning ?? 0,
    countEscrowed: input.countEscrowed ?? 0,
    countEscrowedRaw: input.countEscrowedRaw ?? 0,
    countExported: input.countExported ?? 0,
    countExports: input.countExports ?? 0,
    countImported: input.countImported ?? 0,
    countImportedDeltas: input.countImportedDeltas ?? 0,
    countImportedReferenceDeltas: input.countImportedReferenceDeltas ?? 0,
    error,
    state,
    timeBegan: input.timeBegan,
    timeEnded: input.timeEnded,
  };
}

function toQuarantine(state: QuarantineState): SynchronizationQuarantine | null {
  if (state.status === 'healthy' || !state.reason) return null;
  const began = state.currentBegan ?? state.seriesBegan ?? GRAPH_NEVER;
  return {
    currentBegan: began,
    nextAttempt: state.nextAttempt,
    reason: state.reason,
    seriesBegan: state.seriesBegan ?? began,
    seriesCount: state.seriesCount,
    error: {
      // Threshold reasons have no documented error code; the reason stands in for it [INF].
      code: state.errorCode ?? state.reason,
      message: state.details,
      tenantActionable: isTenantActionable(state),
    },
  };
}

/**
 * Whether the tenant admin can clear the cause [INF]: credentials and held deletes are the
 * admin's to fix; a non-compliant endpoint or failing operations are the vendor's.
 */
function isTenantActionable(state: QuarantineState): boolean {
  if (state.reason === 'TooManyDeletes') return true;
  // The Tenant URL is the admin's setting too: an endpoint Entra cannot reach is theirs to correct.
  return state.reason === 'EncounteredQuarantineException' && (isCredentialErrorCode(state.errorCode) || isUnreachableErrorCode(state.errorCode));
}

/** ISO 8601 duration as Graph writes it: 40 → "PT40M", 1440 → "P1D", 90 → "PT1H30M". */
function formatDuration(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}`;
  if (days === 0 && time === '') return 'PT0M';
  return `P${days > 0 ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Graph `synchronizationJobRestartCriteria.resetScope` flags (G-RESTART). */
export const RESET_SCOPE_FLAGS = Object.freeze([
  'None',
  'ConnectorDataStore',
  'Escrows',
  'Watermark',
  'QuarantineState',
  'Full',
  'ForceDeletes',
] as const);
export type ResetScopeFlag = (typeof RESET_SCOPE_FLAGS)[number];

export interface RestartEffect {
  /** The flags applied, canonical spelling, after expanding the empty scope. */
  readonly flags: readonly ResetScopeFlag[];
  /** Stop retrying failures: drop every escrow. */
  readonly clearEscrows: boolean;
  /** Re-evaluate every object (a new initial cycle) instead of changes since the watermark. */
  readonly clearWatermark: boolean;
  readonly clearQuarantine: boolean;
  /** Forget the source↔target links (cached target ids), so objects are matched again. */
  readonly breakLinks: boolean;
  /** Push the deletes held by the accidental-deletion threshold. */
  readonly forceDeletes: boolean;
  readonly state: QuarantineState;
}

/**
 * What `POST …/jobs/{jobId}/restart` with `{"criteria":{"resetScope": …}}` clears. Empty
 * scope = the portal's Restart provisioning ≈ QuarantineState, Watermark, Escrows. `None`
 * "starts a paused or quarantined job", so it lifts the quarantine like Start does (G-JOB).
 * `ConnectorDataStore` "clears the underlying cache for all users", read here as forgetting
 * the target links [INF]. `Full` is "all of the options", ForceDeletes included, as written.
 */
export function applyRestart(state: QuarantineState, resetScope: string): RestartEffect {
  const flags = parseResetScope(resetScope);
  const has = (flag: ResetScopeFlag): boolean => flags.includes(flag) || flags.includes('Full');
  const clearQuarantine = has('QuarantineState') || has('None');
  const clearEscrows = has('Escrows');
  let next = state;
  if (clearQuarantine) {
    next = { ...HEALTHY_QUARANTINE_STATE, escrowsPruned: state.escrowsPruned, details: 'Quarantine cleared by a restart.' };
  }
  if (clearEscrows && next.escrowsPruned) next = { ...next, escrowsPruned: false };
  return Object.freeze({
    flags: Object.freeze(flags),
    clearEscrows,
    clearWatermark: has('Watermark'),
    clearQuarantine,
    breakLinks: has('ConnectorDataStore'),
    forceDeletes: has('ForceDeletes'),
    state: Object.freeze(next),
  });
}

function parseResetScope(resetScope: string): ResetScopeFlag[] {
  const parts = resetScope
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) return ['QuarantineState', 'Watermark', 'Escrows'];
  const flags: ResetScopeFlag[] = [];
  for (const part of parts) {
    const flag = RESET_SCOPE_FLAGS.find((candidate) => candidate.toLowerCase() === part.toLowerCase());
    if (!flag) {
      throw new ConfigurationError(
        `resetScope flag "${part}" is not valid; use a comma-separated list of ${RESET_SCOPE_FLAGS.join(
          ', ',
        )}, or leave it empty for the portal's Restart provisioning (QuarantineState, Watermark, Escrows)`,
      );
    }
    if (!flags.includes(flag)) flags.push(flag);
  }
  return flags;
}
