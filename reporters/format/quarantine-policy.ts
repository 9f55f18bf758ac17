/** The quarantine policy in words (harness/engine/quarantine/quarantine-rules.ts holds it as data). */
import { QUARANTINE_BACKOFF_HOURS, type QuarantinePolicy } from '../../harness/engine/quarantine/quarantine-rules';
import { formatCount, formatPercent } from '../../harness/text/numbers';

/** The policy as reports print it: one rule per line, each naming the Graph quarantine reason it leads to. */
export function describePolicy(policy: QuarantinePolicy): string {
  const lines = [
    `escrow thresholds evaluated from ${formatCount(policy.minimumFailuresToEvaluate)} failures (reference + non-reference)`,
    `EncounteredEscrowProportionThreshold: nonReferenceFailures / (nonReferenceFailures + successes) > ${formatPercent(
      policy.proportionThreshold,
    )}`,
    `EncounteredBaseEscrowThreshold: nonReferenceFailures > ${formatCount(policy.baseEscrowThreshold)}`,
    `EncounteredTotalEscrowThreshold: nonReferenceFailures + referenceFailures >= ${formatCount(policy.totalEscrowThreshold)}`,
    `TooManyDeletes: disables + deletes planned in one cycle > ${formatCount(policy.deletionThreshold)} (QuarantineTooManyDeletesThreshold)`,
    'EncounteredQuarantineException: invalid credentials or a SCIM compliance error (HTTP 404 on a query), at once',
    'thresholds hit during the initial cycle prune the escrows instead of quarantining',
    `job disabled after ${formatCount(policy.quarantineDisableAfterDays)} days in quarantine`,
    `cycles every ${formatCount(policy.cycleIntervalMinutes)} minutes; while quarantined, ${QUARANTINE_BACKOFF_HOURS.filter(
      (hours) => hours < policy.quarantinedCycleIntervalHours,
    )
      .map((hours) => `${formatCount(hours)} h, `)
      .join('')}then every ${formatCount(policy.quarantinedCycleIntervalHours)} hours`,
  ];
  return lines.join('\n');
}
