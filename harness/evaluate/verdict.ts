/**
 * The judgement of a run: computed once, from recorded data, by pure code (harness/evaluate).
 * Reporters show it; only the CLI turns it into an exit code.
 */
import { type Finding } from '../checks/finding';

export type RunOutcome = 'passed' | 'failed' | 'quarantined' | 'interrupted';

/** Graph `synchronizationQuarantine.reason` (reference §5.2). */
export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'TooManyDeletes'
  | 'Unknown';

export interface QuarantineProjection {
  readonly populationEstimate: number;
  readonly wouldQuarantine: boolean;
  readonly reason: QuarantineReason | null;
  /** Cycle number (0 = initial) after which quarantine would be imposed; null when never. */
  readonly afterCycle: number | null;
  readonly projectedFailures: number;
  readonly projectedReferenceFailures: number;
  readonly observedFailureRateByOperation: Readonly<Record<string, number>>;
  readonly explanation: string;
}

export interface QuarantineAssessment {
  readonly wouldQuarantine: boolean;
  readonly reason: QuarantineReason | null;
  /** Graph synchronizationError.code of what caused it, e.g. SystemForCrossDomainIdentityManagementCredentialValidationFailure. */
  readonly errorCode: string | null;
  /** Plain words: what happened and what to change. */
  readonly details: string;
  readonly fix: string | null;
  /** Escrows pruned instead of quarantine when a threshold is hit during the initial cycle (reference §5.1). */
  readonly escrowsPruned: boolean;
  /** Still quarantined after four weeks of virtual time: Entra disables the job (reference §5.3). */
  readonly jobDisabled: boolean;
  readonly projection: QuarantineProjection | null;
}

export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface ExpectationResult {
  readonly title: string;
  readonly status: ScenarioStatus;
  readonly expected: string;
  readonly actual: string;
  readonly spec?: string;
  readonly fix?: string;
  /** Why it was skipped (a prerequisite failed), when status is skipped. */
  readonly skipReason?: string;
  readonly evidence: readonly string[];
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly spec: string;
  readonly dialect: string;
  readonly status: ScenarioStatus;
  readonly durationMs: number;
  readonly expectations: readonly ExpectationResult[];
  readonly findings: readonly Finding[];
}

export interface Verdict {
  readonly outcome: RunOutcome;
  readonly scenarios: readonly ScenarioResult[];
  readonly findings: readonly Finding[];
  readonly quarantine: QuarantineAssessment;
  /** Findings or scenario failures that a `--baseline` file lists as known. */
  readonly knownFailures: readonly string[];
  /** Baseline entries that no longer fail: the baseline must shrink. */
  readonly fixedKnownFailures: readonly string[];
  /** One line, the first thing every report says. */
  readonly headline: string;
}
