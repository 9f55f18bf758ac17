/**
 * The quarantine rules as declared settings, judged once at the end of each cycle (like k6
 * thresholds: the policy is data; reporters/format/quarantine-policy.ts puts it into words).
 *
 * Numbers come from Entra's quarantine page (docs/entra-behaviour.md#quarantine-triggers, D-QUAR), which says the logic
 * "is subject to change, but works roughly as described"; every default below is therefore
 * overridable.
 */
import { ConfigurationError } from '../../errors';
import { type QuarantinePolicy } from '../../contract/quarantine';

export type { EscrowCounts, QuarantinePolicy, QuarantineReason } from '../../contract/quarantine';




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
  // D-QUAR: the frequency is "gradually reduced to once per day"; this is the final, daily
  // interval the quarantine ladder below reaches (docs/entra-behaviour.md#while-quarantined).
  quarantinedCycleIntervalHours: 24,
});

/**
 * The intervals after the 1st, 2nd, 3rd … consecutive quarantined cycle, before the daily cap.
 * D-QUAR only says the frequency of incremental cycles is "gradually reduced to once per day"
 * (docs/entra-behaviour.md#while-quarantined); the steps are undocumented, so these are a choice
 * [INF]: 40 min (healthy) → 2 h → 6 h → 12 h → once a day.
 */
export const QUARANTINE_BACKOFF_HOURS: readonly number[] = Object.freeze([2, 6, 12]);

/**
 * Minutes from the end of a quarantined cycle to the next one. `seriesCount` is the state's
 * count of quarantined cycles before this one in the series (0 for the cycle that quarantined
 * the job). Never shorter than the healthy interval, never longer than the daily cap.
 */
export function quarantinedCycleIntervalMinutes(seriesCount: number, policy: QuarantinePolicy = DEFAULT_QUARANTINE_POLICY): number {
  if (!Number.isInteger(seriesCount) || seriesCount < 0) {
    throw new RangeError(`seriesCount must be a whole number >= 0, got ${String(seriesCount)}`);
  }
  const capMinutes = policy.quarantinedCycleIntervalHours * 60;
  const stepHours = QUARANTINE_BACKOFF_HOURS[seriesCount];
  const stepMinutes = stepHours === undefined ? capMinutes : Math.min(stepHours * 60, capMinutes);
  return Math.max(stepMinutes, policy.cycleIntervalMinutes);
}

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

