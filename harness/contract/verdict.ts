/**
 * The judgement of a run: computed once, from recorded data, by pure code (harness/evaluate).
 * Reporters show it; only the CLI turns it into an exit code.
 */
import { type Finding } from './finding';
import { type QuarantineReason } from './quarantine';
import { type RfcVerdict } from './rfc';
import { type RootCause } from './root-cause';
import { type Severity } from './severity';

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

export type { QuarantineReason } from './quarantine';

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
  /** Escrows pruned instead of quarantine when a threshold is hit during the initial cycle (docs/entra-behaviour.md#quarantine-triggers). */
  readonly escrowsPruned: boolean;
  /** Still quarantined after four weeks of virtual time: Entra disables the job (docs/entra-behaviour.md#while-quarantined). */
  readonly jobDisabled: boolean;
  readonly projection: QuarantineProjection | null;
}

/**
 * A scenario run's outcome. `inconclusive`: its setup was refused for a reason the RFC allows, or
 * its premise did not hold (docs/diagnosis.md#outcomes) — neither a failure nor a pass.
 */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'inconclusive';

/**
 * An expectation's outcome. `blocked`: it could not be judged because an earlier step failed
 * (`cause` names the root cause that blocked it); `inconclusive`: a premise of the scenario did
 * not hold; `skipped`: the run stopped before it.
 */
export type ExpectationStatus = 'passed' | 'failed' | 'skipped' | 'blocked' | 'inconclusive';

export interface ExpectationResult {
  readonly title: string;
  readonly status: ExpectationStatus;
  readonly expected: string;
  readonly actual: string;
  readonly spec?: string;
  readonly fix?: string;
  /** Why it was not judged (skipped, blocked, inconclusive). */
  readonly skipReason?: string;
  /** The root cause it shows (failed) or that blocked it (blocked), when one is known. */
  readonly cause?: string;
  /** Blocked: the title of the failed expectation or step that blocked it (its cause is this one's). */
  readonly blockedBy?: string;
  /** How much a failure here weighs; absent: required (an Entra operation went wrong). */
  readonly severity?: Severity;
  /** Wall time of the steps since the previous expectation plus this one's own checks. */
  readonly durationMs?: number;
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
  /** ISO time the scenario run started (absent in runs recorded before it was kept). */
  readonly startedAt?: string;
  readonly expectations: readonly ExpectationResult[];
  readonly findings: readonly Finding[];
  /** Why the scenario is inconclusive, when it is. */
  readonly inconclusiveReason?: string;
  /** Root causes whose workaround the harness applied in this run of the scenario (docs/diagnosis.md#probing). */
  readonly workarounds?: readonly string[];
}

export interface StatusTally {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Absent in verdicts recorded before these outcomes existed. */
  readonly inconclusive?: number;
  readonly blocked?: number;
  readonly total: number;
}

/** Root causes counted by severity and by what they do to the gate (each root cause once). */
export interface RootCauseCounts {
  readonly required: number;
  readonly recommended: number;
  readonly advisory: number;
  readonly total: number;
  /** Root causes with at least one symptom that fails the run (not in the baseline, at or above --fail-on). */
  readonly failing: number;
}

/** Findings counted once each (see `Verdict.findings`), by severity and by what they do to the gate. */
export interface FindingCounts {
  readonly required: number;
  readonly recommended: number;
  readonly advisory: number;
  readonly total: number;
  /** At or above --fail-on and not in the baseline: these fail the run. */
  readonly failing: number;
  /** At or above --fail-on but listed in the baseline. */
  readonly known: number;
  /** Below --fail-on: shown, never a gate. */
  readonly belowThreshold: number;
}

/** The numbers every report prints, computed once by the evaluator. */
export interface VerdictCounts {
  /** One per scenario run (a scenario runs once per dialect). */
  readonly scenarios: StatusTally;
  readonly expectations: StatusTally;
  readonly findings: FindingCounts;
  /** The headline figure: causes, not occurrences (absent in verdicts recorded before root causes). */
  readonly rootCauses?: RootCauseCounts;
}

/** A baseline entry that names no known scenario or check, with the nearest ids that do. */
export interface UnknownBaselineEntry {
  readonly id: string;
  readonly suggestions: readonly string[];
}

/**
 * `sync` and `provision` are judged on their entries, as Entra's job status reports
 * `EntryLevelErrors` when some objects failed while the job itself ran.
 */
export interface EntryVerdict {
  readonly total: number;
  readonly failed: number;
  /** --max-failures as given: "0", "25" or "2%". */
  readonly maxFailures: string;
  /** More entries failed than --max-failures allows. */
  readonly exceeded: boolean;
  /** Most frequent error codes of the failed entries, most frequent first (at most three). */
  readonly topErrorCodes: readonly { readonly code: string; readonly count: number }[];
}

export interface Verdict {
  readonly outcome: RunOutcome;
  readonly scenarios: readonly ScenarioResult[];
  /**
   * Every finding once. A finding is one check failing in one scenario (or run-wide) for one
   * reason (same expected and actual); the dialect runs it showed up in are its occurrences.
   */
  readonly findings: readonly Finding[];
  /**
   * What is wrong, each cause once, most severe and most frequent first: every failed entry,
   * failed expectation and finding is attributed to one (absent in verdicts recorded before).
   */
  readonly rootCauses?: readonly RootCause[];
  readonly quarantine: QuarantineAssessment;
  /** Findings or scenario failures that a `--baseline` file lists as known. */
  readonly knownFailures: readonly string[];
  /** Baseline entries whose scenario or check ran and no longer fails: the baseline must shrink. */
  readonly fixedKnownFailures: readonly string[];
  /** Baseline entries whose scenario or check did not run (--scenario, --tag, --read-only): no effect. */
  readonly notRunKnownFailures: readonly string[];
  /** Baseline entries naming no known scenario or check: a warning, never a gate. */
  readonly unknownKnownFailures: readonly UnknownBaselineEntry[];
  readonly counts: VerdictCounts;
  /** The entry-level judgement of `sync` and `provision`; null for `run`. */
  readonly entries: EntryVerdict | null;
  /** One line, the first thing every report says. */
  readonly headline: string;
  /** Set when the run stopped early because of the target (outcome unreachable, or quarantined for credentials). */
  readonly stop?: RunStop;
  /**
   * The RFC conformance score (`--suite rfc|all`), apart from everything above, which is Entra
   * readiness; absent in verdicts recorded before the RFC suite existed.
   */
  readonly rfc?: RfcVerdict;
}
