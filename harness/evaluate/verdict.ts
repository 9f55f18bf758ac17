/**
 * The judgement of a run: computed once, from recorded data, by pure code (harness/evaluate).
 * Reporters show it; only the CLI turns it into an exit code.
 */
import { type Finding } from '../checks/finding';

export type RunOutcome = 'passed' | 'failed' | 'quarantined' | 'unreachable' | 'interrupted';

/**
 * Why a run stopped before its work was done, when the target made going on pointless:
 *  - unreachable: Test Connection, run before anything else as Entra runs it before a job
 *    starts, could not reach the endpoint (connection refused, DNS, TLS, no answer in time);
 *  - stalled: requests timed out one after another mid-run (--max-consecutive-timeouts);
 *  - credentials: Test Connection's request was answered 401 or 403.
 */
export interface RunStop {
  readonly kind: 'unreachable' | 'stalled' | 'credentials';
  /** One line naming the real cause, e.g. "connection refused at 127.0.0.1:8443 (ECONNREFUSED)". */
  readonly cause: string;
  /** Exchange ids that show it. */
  readonly evidence: readonly string[];
}

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
  /** Set when the run stopped early because of the target (outcome unreachable, or quarantined for credentials). */
  readonly stop?: RunStop;
}
