/**
 * The quarantine judgement reports print (did, or would, Entra quarantine this job, why, and what
 * to change), from the states the engine recorded at each cycle's end and the projection to
 * production scale.
 */
import { isCredentialErrorCode, isQuarantined, isUnreachableErrorCode, type QuarantineState } from '../engine/quarantine/quarantine-state';
import { type QuarantineReason } from '../engine/quarantine/quarantine-rules';
import { formatCount, formatPercent } from '../text/numbers';
import { type QuarantineAssessment, type QuarantineProjection } from '../contract/verdict';

export interface AssessQuarantineOptions {
  /** States after each cycle, oldest first: a quarantine lifted before the end still counts. */
  readonly history?: readonly QuarantineState[];
  /** Whether a projected quarantine at production scale makes `wouldQuarantine` true (default true). */
  readonly gateOnProjection?: boolean;
}

/** The judgement reports print: did (or would) Entra quarantine this job, why, and what to change. */
export function assessQuarantine(
  finalState: QuarantineState,
  projection: QuarantineProjection | null,
  opts: AssessQuarantineOptions = {},
): QuarantineAssessment {
  const states = [...(opts.history ?? []), finalState];
  const escrowsPruned = states.some((state) => state.escrowsPruned);
  const jobDisabled = finalState.status === 'disabled';
  const observed = isQuarantined(finalState) ? finalState : states.find(isQuarantined);
  const rates = projection?.observedFailureRateByOperation ?? {};
  const prunedNote = escrowsPruned ? ' Escrows were pruned during the initial cycle.' : '';

  if (observed) {
    const liftedNote =
      observed === finalState ? '' : ` The quarantine began ${observed.currentBegan ?? 'during the run'} and was lifted before the run ended.`;
    return Object.freeze({
      wouldQuarantine: true,
      reason: observed.reason,
      errorCode: observed.errorCode,
      details: `${jobDisabled ? finalState.details : observed.details}${liftedNote}${prunedNote}`,
      fix: describeFix(observed.reason, observed.errorCode, rates),
      escrowsPruned,
      jobDisabled,
      projection,
    });
  }
  if (projection?.wouldQuarantine && opts.gateOnProjection !== false) {
    return Object.freeze({
      wouldQuarantine: true,
      reason: projection.reason,
      errorCode: null,
      details: `At production scale (${formatCount(projection.populationEstimate)} objects) Entra would quarantine this job after cycle ${
        projection.afterCycle ?? 0
      }; the run itself stayed below the thresholds.${prunedNote}`,
      fix: describeFix(projection.reason, null, rates),
      escrowsPruned,
      jobDisabled,
      projection,
    });
  }
  return Object.freeze({
    wouldQuarantine: false,
    reason: null,
    errorCode: null,
    details: `No credential or SCIM-compliance failure, no escrow threshold and no accidental-deletion breach in this run${projection ? ', nor at production scale' : ''}.${prunedNote}`,
    fix: null,
    escrowsPruned,
    jobDisabled,
    projection,
  });
}

/** One sentence telling the vendor what to change, per quarantine reason. */
export function describeFix(
  reason: QuarantineReason | null,
  errorCode: string | null,
  failureRateByOperation: Readonly<Record<string, number>> = {},
): string | null {
  const failing = Object.entries(failureRateByOperation)
    .filter(([, rate]) => rate > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([operation, rate]) => `${operation} ${formatPercent(rate)} failed`);
  const listing = failing.length > 0 ? `: ${failing.join(', ')}` : '';
  switch (reason) {
    case null:
      return null;
    case 'EncounteredQuarantineException':
      if (isUnreachableErrorCode(errorCode)) {
        return 'Make the endpoint reachable at the Tenant URL: it must resolve, accept connections and present a valid TLS certificate; then test the connection.';
      }
      return isCredentialErrorCode(errorCode)
        ? 'Issue a valid token and test the connection: every request must accept the credentials the admin configured.'
        : 'Return 200 with an empty ListResponse for filters that match nothing, RFC 7644 §3.4.2; a 404 on a query quarantines the job at once.';
    case 'TooManyDeletes':
      return 'Check why one cycle planned so many disables and deletes; if they are intended, allow the deletes (restart with ForceDeletes) or raise QuarantineTooManyDeletesThreshold.';
    case 'EncounteredEscrowProportionThreshold':
      return `Too large a share of provisioning events failed: fix the failing operation types listed below before onboarding customers${listing}.`;
    case 'EncounteredBaseEscrowThreshold':
      return `Too many objects failed in total: fix the failing operation types listed below before onboarding customers${listing}.`;
    case 'EncounteredTotalEscrowThreshold':
      return `Reference failures count toward this limit: make manager and group-membership updates succeed and fix the failing operation types listed below${listing}.`;
    default:
      return 'Read the quarantine details and the provisioning logs, fix the cause, then restart the job.';
  }
}
