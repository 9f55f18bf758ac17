/**
 * Entra's quarantine state machine, evaluated by the job at the end of every cycle (docs/entra-behaviour.md#quarantine-triggers, docs/entra-behaviour.md#quarantine-reasons, docs/entra-behaviour.md#while-quarantined): it changes the job's schedule, so it is the engine's. The rules it applies are
 * plain data (`quarantine-rules.ts`); every state it reaches is recorded in the cycle's end event.
 */
import { formatCount, formatPercent } from '../../text/numbers';
import { type EscrowCounts, type QuarantinePolicy, type QuarantineReason, type QuarantineState } from '../../contract/quarantine';
import { DEFAULT_QUARANTINE_POLICY, quarantinedCycleIntervalMinutes } from './quarantine-rules';

export type { QuarantineState, QuarantineStatus } from '../../contract/quarantine';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface EscrowEvaluation {
  /** The reason Entra would record; null when no threshold is crossed or counts are below the minimum. */
  readonly reason: QuarantineReason | null;
  /** Every threshold crossed, in the order checked. */
  readonly crossed: readonly QuarantineReason[];
  /** Non-reference failures / (non-reference failures + successes); 0 when nothing was attempted. */
  readonly proportion: number;
  readonly explanation: string;
}

/**
 * The escrow thresholds of docs/entra-behaviour.md#quarantine-triggers. The absolute counts are checked before the
 * proportion so that the documented example "40,000 user + 21,000 manager failures = 61,000"
 * is reported as EncounteredTotalEscrowThreshold even when nothing succeeded (its proportion
 * would be 100 %); every threshold crossed is still named in the explanation.
 */
export function evaluateEscrowThresholds(
  counts: EscrowCounts,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): EscrowEvaluation {
  const nonReference = counts.failures;
  const total = counts.failures + counts.referenceFailures;
  const events = nonReference + counts.successes;
  const proportion = events === 0 ? 0 : nonReference / events;
  if (total < policy.minimumFailuresToEvaluate) {
    return {
      reason: null,
      crossed: [],
      proportion,
      explanation: `${formatCount(total)} failures is below the ${formatCount(
        policy.minimumFailuresToEvaluate,
      )} Entra needs before it evaluates the escrow thresholds.`,
    };
  }
  const proportionText = `${formatCount(nonReference)} of ${formatCount(events)} provisioning events failed (${formatPercent(
    proportion,
  )})`;
  const checks: { reason: QuarantineReason; crossed: boolean; text: string }[] = [
    {
      reason: 'EncounteredBaseEscrowThreshold',
      crossed: nonReference > policy.baseEscrowThreshold,
      text: `${formatCount(nonReference)} non-reference failures (limit: more than ${formatCount(policy.baseEscrowThreshold)})`,
    },
    {
      reason: 'EncounteredTotalEscrowThreshold',
      crossed: total >= policy.totalEscrowThreshold,
      text: `${formatCount(total)} failures including ${formatCount(counts.referenceFailures)} reference failures (limit: ${formatCount(
        policy.totalEscrowThreshold,
      )})`,
    },
    {
      reason: 'EncounteredEscrowProportionThreshold',
      crossed: proportion > policy.proportionThreshold,
      text: `${proportionText} (limit: more than ${formatPercent(policy.proportionThreshold)})`,
    },
  ];
  const crossed = checks.filter((check) => check.crossed);
  if (crossed.length === 0) {
    return {
      reason: null,
      crossed: [],
      proportion,
      explanation: `No escrow threshold crossed: ${checks.map((check) => check.text).join('; ')}.`,
    };
  }
  return {
    reason: crossed[0].reason,
    crossed: crossed.map((check) => check.reason),
    proportion,
    explanation: `${crossed.map((check) => `${check.reason}: ${check.text}`).join('; ')}.`,
  };
}



export const HEALTHY_QUARANTINE_STATE: QuarantineState = Object.freeze({
  status: 'healthy',
  reason: null,
  errorCode: null,
  currentBegan: null,
  seriesBegan: null,
  seriesCount: 0,
  nextAttempt: null,
  escrowsPruned: false,
  details: 'The job has not been quarantined.',
});

export interface ImmediateTrigger {
  /** credentials: 401 / invalid token; compliance: HTTP 404 where 200 was expected (docs/entra-behaviour.md#quarantine-triggers). */
  readonly kind: 'credentials' | 'compliance';
  /** Graph synchronizationError.code, e.g. SystemForCrossDomainIdentityManagementCredentialValidationFailure. */
  readonly jobErrorCode: string;
  readonly message: string;
}

export interface CycleOutcome {
  readonly cycleNumber: number;
  readonly kind: 'initial' | 'incremental';
  /** Virtual ISO time the cycle ended. */
  readonly endedAt: string;
  /** The escrow counts Entra would evaluate now: cumulative over the escrows still held. */
  readonly counts: EscrowCounts;
  readonly immediateTrigger?: ImmediateTrigger;
  /** Disables + deletes planned in this cycle (docs/entra-behaviour.md#accidental-deletions: the breaker counts per cycle). */
  readonly tooManyDeletes?: { readonly planned: number };
  /** At least one escrowed operation succeeded when retried in this cycle. */
  readonly anySuccessfulRetry: boolean;
  /** The admin allowed the held deletes ("Allow deletes" / restart with ForceDeletes). */
  readonly allowDeletes: boolean;
}

interface Trigger {
  readonly reason: QuarantineReason;
  readonly errorCode: string | null;
  readonly details: string;
}

/**
 * One end-of-cycle evaluation. Precedence: immediate triggers (credentials, SCIM compliance)
 * quarantine regardless of counts; then the accidental-deletion breaker; then the escrow
 * thresholds, which during an initial cycle prune the escrows instead (G-SSTAT `escrowsPruned`).
 * A clean cycle, or a successful retry while quarantined, lifts the quarantine: D-QUAR says
 * "If any of the retries above gets a successful response, the job is automatically put out of
 * quarantine". A series older than `quarantineDisableAfterDays` disables the job.
 */
export function advanceQuarantine(
  state: QuarantineState,
  cycle: CycleOutcome,
  policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY,
): QuarantineState {
  // A disabled job no longer runs cycles (docs/entra-behaviour.md#while-quarantined); only a restart brings it back.
  if (state.status === 'disabled') return state;
  const endedMs = Date.parse(cycle.endedAt);
  if (!Number.isFinite(endedMs)) {
    throw new RangeError(`cycle ${cycle.cycleNumber} endedAt must be an ISO 8601 time, got ${JSON.stringify(cycle.endedAt)}`);
  }
  const label = `Cycle ${cycle.cycleNumber} (${cycle.kind})`;
  let escrowsPruned = state.escrowsPruned;
  let trigger: Trigger | null = null;
  let cleanDetails = '';

  const planned = cycle.tooManyDeletes?.planned ?? 0;
  const deletesOverThreshold = planned > policy.deletionThreshold;
  if (cycle.immediateTrigger) {
    const { kind, jobErrorCode, message } = cycle.immediateTrigger;
    trigger = {
      reason: 'EncounteredQuarantineException',
      errorCode: jobErrorCode,
      details:
        kind !== 'credentials'
          ? `${label}: SCIM compliance issue (${jobErrorCode}): ${message}`
          : isUnreachableErrorCode(jobErrorCode)
            ? // Entra files an endpoint it cannot reach under credential validation (docs/entra-behaviour.md#test-connection), but nothing was rejected.
              `${label}: the target could not be reached to validate the credentials (${jobErrorCode}): ${message}`
            : `${label}: the target rejected the credentials (${jobErrorCode}): ${message}`,
    };
  } else if (deletesOverThreshold && !cycle.allowDeletes) {
    trigger = {
      reason: 'TooManyDeletes',
      errorCode: null,
      details: `${label} planned ${formatCount(planned)} disables and deletes, more than the QuarantineTooManyDeletesThreshold of ${formatCount(
        policy.deletionThreshold,
      )}; they are held as StagedDelete until the deletes are allowed.`,
    };
  } else {
    const escrow = evaluateEscrowThresholds(cycle.counts, policy);
    const deletesNote = deletesOverThreshold
      ? ` ${formatCount(planned)} planned disables and deletes were allowed past the threshold of ${formatCount(policy.deletionThreshold)}.`
      : '';
    cleanDetails = `${label}: ${escrow.explanation}${deletesNote}`;
    if (escrow.reason && cycle.kind === 'initial') {
      escrowsPruned = true;
      cleanDetails = `${label}: escrow threshold hit during the initial cycle, so the escrows were pruned instead of quarantining the job. ${escrow.explanation}${deletesNote}`;
    } else if (escrow.reason && state.status === 'quarantined' && cycle.anySuccessfulRetry) {
      cleanDetails = `${label}: a retried operation succeeded, which lifts the quarantine. ${escrow.explanation}${deletesNote}`;
    } else if (escrow.reason) {
      trigger = { reason: escrow.reason, errorCode: null, details: `${label}: ${escrow.explanation}` };
    }
  }

  if (!trigger) {
    const lifted = state.status === 'quarantined' ? `Quarantine (${state.reason ?? 'Unknown'}) lifted. ` : '';
    return Object.freeze({
      ...HEALTHY_QUARANTINE_STATE,
      nextAttempt: new Date(endedMs + policy.cycleIntervalMinutes * MINUTE_MS).toISOString(),
      escrowsPruned,
      details: `${lifted}${cleanDetails}`,
    });
  }

  const continuing = state.status === 'quarantined';
  const seriesBegan = continuing && state.seriesBegan ? state.seriesBegan : cycle.endedAt;
  const currentBegan = continuing && state.reason === trigger.reason && state.currentBegan ? state.currentBegan : cycle.endedAt;
  const seriesCount = continuing ? state.seriesCount + 1 : 0;
  const quarantined: QuarantineState = {
    status: 'quarantined',
    reason: trigger.reason,
    errorCode: trigger.errorCode,
    currentBegan,
    seriesBegan,
    seriesCount,
    // Cycles slow down step by step while quarantined (docs/entra-behaviour.md#while-quarantined).
    nextAttempt: new Date(endedMs + quarantinedCycleIntervalMinutes(seriesCount, policy) * MINUTE_MS).toISOString(),
    escrowsPruned,
    details: trigger.details,
  };
  const inQuarantineMs = endedMs - Date.parse(seriesBegan);
  if (inQuarantineMs >= policy.quarantineDisableAfterDays * DAY_MS) {
    return Object.freeze({
      ...quarantined,
      status: 'disabled',
      nextAttempt: null,
      details: `${trigger.details} The job has been in quarantine since ${seriesBegan} (${formatCount(
        inQuarantineMs / DAY_MS,
      )} days, limit ${formatCount(policy.quarantineDisableAfterDays)}), so Entra disables it: it stops running until restarted.`,
    });
  }
  return Object.freeze(quarantined);
}

/**
 * The job's state when Test Connection, run before the job starts, met an immediate trigger
 * (docs/entra-behaviour.md#quarantine-triggers): credentials rejected (HTTP 401/403), or no way to validate them because the
 * endpoint could not be reached (docs/entra-behaviour.md#test-connection). Imposed before any cycle ran.
 */
export function quarantineBeforeFirstCycle(trigger: ImmediateTrigger, at: string, policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY): QuarantineState {
  const atMs = Date.parse(at);
  return Object.freeze({
    status: 'quarantined',
    reason: 'EncounteredQuarantineException',
    errorCode: trigger.jobErrorCode,
    currentBegan: at,
    seriesBegan: at,
    seriesCount: 0,
    nextAttempt: new Date(atMs + quarantinedCycleIntervalMinutes(0, policy) * MINUTE_MS).toISOString(),
    escrowsPruned: false,
    details: isUnreachableErrorCode(trigger.jobErrorCode)
      ? `Test Connection before the first cycle: the target could not be reached to validate the credentials (${trigger.jobErrorCode}): ${trigger.message}`
      : `Test Connection before the first cycle: the target rejected the credentials (${trigger.jobErrorCode}): ${trigger.message}`,
  });
}

/** Entra's job error code when Test Connection could not reach the endpoint at all (docs/entra-behaviour.md#test-connection). */
const CREDENTIAL_VALIDATION_UNAVAILABLE = 'CredentialValidationUnavailable';

/**
 * Whether a job error code means the target refused the credentials rather than misbehaving
 * (docs/entra-behaviour.md#status-to-error-code: 401). CredentialValidationUnavailable is not one: the credentials were never
 * checked, because the endpoint could not be reached (refused, DNS, TLS).
 */
export function isCredentialErrorCode(errorCode: string | null): boolean {
  return errorCode !== null && !isUnreachableErrorCode(errorCode) && /credential|unauthori[sz]ed|token/i.test(errorCode);
}

/** Whether a job error code means Test Connection could not reach the endpoint (docs/entra-behaviour.md#test-connection). */
export function isUnreachableErrorCode(errorCode: string | null): boolean {
  return errorCode === CREDENTIAL_VALIDATION_UNAVAILABLE;
}

/** Whether the job is (still) held: quarantined, or disabled after four weeks of it. */
export function isQuarantined(state: QuarantineState): boolean {
  return state.status === 'quarantined' || state.status === 'disabled';
}
