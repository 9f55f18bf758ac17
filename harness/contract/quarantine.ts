/**
 * The quarantine types every stage shares: the engine keeps the job's quarantine state (it changes
 * the job's schedule), run.ndjson records it at each cycle's end, and the judge and reporters
 * read it. The rules (`QuarantinePolicy`) are plain data; engine/quarantine applies them.
 */

/** Graph `synchronizationQuarantine.reason` (docs/entra-behaviour.md#quarantine-reasons). */
export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'TooManyDeletes'
  | 'Unknown';

export interface QuarantinePolicy {
  /** Escrow thresholds are not evaluated below this many failures, reference and non-reference together. */
  readonly minimumFailuresToEvaluate: number;
  /** Quarantine when non-reference failures / (non-reference failures + successes) is strictly above this. */
  readonly proportionThreshold: number;
  /** Quarantine when non-reference failures are strictly above this. */
  readonly baseEscrowThreshold: number;
  /** Quarantine when reference + non-reference failures reach this. */
  readonly totalEscrowThreshold: number;
  /** `QuarantineTooManyDeletesThreshold`: disables + deletes planned in one cycle strictly above this trip the breaker. */
  readonly deletionThreshold: number;
  /** Still quarantined this long after the series began: the job is disabled (docs/entra-behaviour.md#while-quarantined). */
  readonly quarantineDisableAfterDays: number;
  /** Interval between cycles of a healthy job (docs/entra-behaviour.md#cycle-timing). */
  readonly cycleIntervalMinutes: number;
  /** Interval between cycles while quarantined (docs/entra-behaviour.md#while-quarantined: "gradually reduced to once per day"). */
  readonly quarantinedCycleIntervalHours: number;
}

/**
 * What the escrow thresholds look at. `failures` are NON-reference failures only; reference
 * failures (a manager or a group member that could not be written) are kept apart because the
 * 40 % and 40,000 rules exclude them while the 60,000 rule counts them (docs/entra-behaviour.md#quarantine-triggers).
 */
export interface EscrowCounts {
  readonly failures: number;
  readonly referenceFailures: number;
  readonly successes: number;
}

export type QuarantineStatus = 'healthy' | 'quarantined' | 'disabled';

/** The job's quarantine state after a cycle; the fields mirror Graph `synchronizationQuarantine` (docs/entra-behaviour.md#job-status). */
export interface QuarantineState {
  readonly status: QuarantineStatus;
  readonly reason: QuarantineReason | null;
  /** Graph synchronizationError.code of an immediate trigger; null for threshold reasons. */
  readonly errorCode: string | null;
  /** When the current reason was first imposed in this series. */
  readonly currentBegan: string | null;
  /** When the series began (first imposition since the job was last healthy). */
  readonly seriesBegan: string | null;
  /** Times the quarantine was re-evaluated and left in effect (0 when just imposed). */
  readonly seriesCount: number;
  /** When the next cycle runs: +24 h while quarantined, +40 min otherwise, null once disabled. */
  readonly nextAttempt: string | null;
  /** Escrow thresholds were hit during an initial cycle and the escrows pruned (Graph `escrowsPruned`). */
  readonly escrowsPruned: boolean;
  /** Plain words: what the last evaluation found. */
  readonly details: string;
}

export type SynchronizationStatusCode = 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';
export type SynchronizationScheduleState = 'Active' | 'Disabled' | 'Paused';

/** What a cycle's end records of the job's Graph status: its code and its schedule's state. */
export interface JobStatusSummary {
  readonly code: SynchronizationStatusCode;
  readonly schedule: SynchronizationScheduleState;
}
