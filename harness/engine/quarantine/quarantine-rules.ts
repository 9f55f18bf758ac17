/**
 * The quarantine rules as declared settings, judged once at the end of each cycle (like k6
 * thresholds: the policy is data; reporters/format/quarantine-policy.ts puts it into words).
 *
 * Numbers come from Entra's quarantine page (reference §5.1, D-QUAR), which says the logic
 * "is subject to change, but works roughly as described"; every default below is therefore
 * overridable.
 */
import { ConfigurationError } from '../../errors';

/** Graph `synchronizationQuarantine.reason` (reference §5.2). */
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
  /** Still quarantined this long after the series began: the job is disabled (reference §5.3). */
  readonly quarantineDisableAfterDays: number;
  /** Interval between cycles of a healthy job (reference §6.3). */
  readonly cycleIntervalMinutes: number;
  /** Interval between cycles while quarantined (reference §5.3: "gradually reduced to once per day"). */
  readonly quarantinedCycleIntervalHours: number;
}

/**
 * What the escrow thresholds look at. `failures` are NON-reference failures only; reference
 * failures (a manager or a group member that could not be written) are kept apart because the
 * 40 % and 40,000 rules exclude them while the 60,000 rule counts them (reference §5.1).
 */
export interface EscrowCounts {
  readonly failures: number;
  readonly referenceFailures: number;
  readonly successes: number;
}

export const DEFAULT_QUARANTINE_POLICY: QuarantinePolicy = Object.freeze({
  minimumFailuresToEvaluate: 5000,
  proportionThreshold: 0.4,
  baseEscrowThreshold: 40000,
  // The doc says "an absolute threshold of 60,000 failures" without saying whether exactly
  // 60,000 trips it; we read "threshold of 60,000" as reached at 60,000 (>=) [INF].
  totalEscrowThreshold: 60000,
  // Graph examples show "500" and the accidental-deletions page states no default [INF].
  deletionThreshold: 500,
  quarantineDisableAfterDays: 28,
  cycleIntervalMinutes: 40,
  // D-QUAR says the frequency is "gradually reduced to once per day"; we go straight to daily [INF].
  quarantinedCycleIntervalHours: 24,
});

const POSITIVE_INTEGER_SETTINGS: readonly (keyof QuarantinePolicy)[] = [
  'baseEscrowThreshold',
  'totalEscrowThreshold',
  'quarantineDisableAfterDays',
  'cycleIntervalMinutes',
  'quarantinedCycleIntervalHours',
];

/**
 * Defaults overlaid with user settings, validated. Throws ConfigurationError naming the
 * setting, the value and the allowed range.
 */
export function createQuarantinePolicy(overrides: Partial<QuarantinePolicy> = {}): QuarantinePolicy {
  const policy: QuarantinePolicy = { ...DEFAULT_QUARANTINE_POLICY, ...overrides };
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_QUARANTINE_POLICY)) {
      throw new ConfigurationError(
        `quarantine policy has no setting "${key}" (valid settings: ${Object.keys(DEFAULT_QUARANTINE_POLICY).join(', ')})`,
      );
    }
  }
  for (const key of POSITIVE_INTEGER_SETTINGS) {
    requireInteger(key, policy[key], 1);
  }
  requireInteger('minimumFailuresToEvaluate', policy.minimumFailuresToEvaluate, 0);
  requireInteger('deletionThreshold', policy.deletionThreshold, 0);
  const ratio = policy.proportionThreshold;
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0 || ratio >= 1) {
    throw new ConfigurationError(
      `quarantine policy proportionThreshold must be a fraction between 0 and 1, got ${JSON.stringify(ratio)} (40 % is 0.4)`,
    );
  }
  return Object.freeze(policy);
}

function requireInteger(key: string, value: unknown, minimum: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new ConfigurationError(
      `quarantine policy ${key} must be a whole number >= ${minimum}, got ${JSON.stringify(value)} (default ${String(
        DEFAULT_QUARANTINE_POLICY[key as keyof QuarantinePolicy],
      )})`,
    );
  }
}

