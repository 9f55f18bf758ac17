/**
 * The alerts admins put on provisioning logs in Azure Monitor (reference D-LA "Custom alerts"):
 * a spike in failures (`ResultType == "Failure"`), no provisioning events for a while, and the
 * quarantine email/audit event (docs/entra-behaviour.md#while-quarantined). Evaluated over virtual time, from counters.
 */
import { ConfigurationError } from '../errors';
import { QUIET_PERIOD_MINIMUM_MS, type HourBucket, type QuietPeriod, type TallySnapshot } from '../log/entry-tally';
import { type QuarantineState } from '../engine/quarantine/quarantine-state';

const HOUR_MS = 60 * 60 * 1000;

export interface AlertThresholds {
  /** Fire when one clock hour of virtual time holds more failures than this. */
  readonly failuresPerHour: number;
  /** Fire when no entry was written for this many hours of virtual time. */
  readonly inactivityHours: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = Object.freeze({ failuresPerHour: 10, inactivityHours: 2 });

export type AlertName = 'quarantine-entered' | 'failures-per-hour' | 'inactivity';

interface AlertOutcome {
  readonly fired: boolean;
  /** Virtual time the alert would first have fired; null when it did not. */
  readonly firstFiredAt: string | null;
}

/** The first state that was not healthy, when there was one. */
export interface QuarantineAlert extends AlertOutcome {
  readonly name: 'quarantine-entered';
  readonly reason: string | null;
  /** The quarantine state's own details (Entra's words). */
  readonly details: string | null;
}

export interface FailuresPerHourAlert extends AlertOutcome {
  readonly name: 'failures-per-hour';
  readonly limit: number;
  /** Failures in the worst clock hour. */
  readonly worstHour: number;
  /** Hours over the limit, and the first of them. */
  readonly hoursOver: number;
  readonly firstHour: HourBucket | null;
}

export interface InactivityAlert extends AlertOutcome {
  readonly name: 'inactivity';
  readonly limitHours: number;
  /** Silences at least `limitHours` long, and the first of them. */
  readonly silences: number;
  readonly firstSilence: QuietPeriod | null;
}

/** What each alert saw, as data: reporters put it into words (reporters/format/alerts.ts). */
export type AlertResult = QuarantineAlert | FailuresPerHourAlert | InactivityAlert;

const SPEC_KEYS: Readonly<Record<string, keyof AlertThresholds>> = {
  'failures-per-hour': 'failuresPerHour',
  'inactivity-hours': 'inactivityHours',
};

const SPEC_EXAMPLE = 'failures-per-hour=50,inactivity-hours=3';

/** Parses `failures-per-hour=50,inactivity-hours=3`; keys left out keep their defaults. */
export function parseAlertSpec(spec: string): AlertThresholds {
  const thresholds: { -readonly [K in keyof AlertThresholds]: number } = { ...DEFAULT_ALERT_THRESHOLDS };
  const seen = new Set<string>();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const equals = item.indexOf('=');
    if (equals < 0) {
      throw new ConfigurationError(`--alerts items must be key=value, got "${item}" (try ${SPEC_EXAMPLE})`);
    }
    const key = item.slice(0, equals).trim();
    const text = item.slice(equals + 1).trim();
    const setting = SPEC_KEYS[key];
    if (!setting) {
      throw new ConfigurationError(
        `--alerts has no setting "${key}" (valid: ${Object.keys(SPEC_KEYS).join(', ')}; try ${SPEC_EXAMPLE})`,
      );
    }
    if (seen.has(key)) throw new ConfigurationError(`--alerts sets "${key}" twice, got "${spec}" (give each key once)`);
    seen.add(key);
    const value = Number(text);
    if (setting === 'failuresPerHour' && !(text !== '' && Number.isInteger(value) && value >= 0)) {
      throw new ConfigurationError(`--alerts failures-per-hour must be a whole number >= 0, got "${text}" (try failures-per-hour=50)`);
    }
    // Cycles run every 40 minutes (docs/entra-behaviour.md#cycle-timing): under an hour, every gap between two
    // healthy cycles would count as inactivity.
    if (setting === 'inactivityHours' && !(text !== '' && Number.isFinite(value) && value * HOUR_MS >= QUIET_PERIOD_MINIMUM_MS)) {
      throw new ConfigurationError(
        `--alerts inactivity-hours must be a number of hours >= ${QUIET_PERIOD_MINIMUM_MS / HOUR_MS}, got "${text}" (cycles run every 40 minutes; try inactivity-hours=2)`,
      );
    }
    thresholds[setting] = value;
  }
  return Object.freeze(thresholds);
}

/**
 * Which alerts would have fired. `observedUntil` (virtual time the run ended) lets a silence at
 * the end of the run count as inactivity too.
 */
export function evaluateAlerts(
  tally: TallySnapshot,
  quarantineHistory: readonly QuarantineState[],
  thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS,
  observedUntil?: string,
): readonly AlertResult[] {
  return Object.freeze([
    evaluateQuarantineAlert(quarantineHistory),
    evaluateFailureAlert(tally, thresholds.failuresPerHour),
    evaluateInactivityAlert(tally, thresholds.inactivityHours, observedUntil),
  ]);
}

function evaluateQuarantineAlert(history: readonly QuarantineState[]): AlertResult {
  const first = history.find((state) => state.status !== 'healthy');
  if (!first) return Object.freeze({ name: 'quarantine-entered', fired: false, firstFiredAt: null, reason: null, details: null });
  return Object.freeze({
    name: 'quarantine-entered',
    fired: true,
    firstFiredAt: first.currentBegan ?? first.seriesBegan,
    reason: first.reason ?? null,
    details: first.details,
  });
}

/**
 * Fixed one-hour bins (`bin(TimeGenerated, 1h)`); an hourly log alert sees a bin when it
 * closes, so the alert fires at the end of the first hour over the limit [INF].
 */
function evaluateFailureAlert(tally: TallySnapshot, limit: number): AlertResult {
  const over = tally.hours.filter((hour) => hour.failures > limit);
  const worstHour = tally.hours.reduce((max, hour) => Math.max(max, hour.failures), 0);
  const firstHour = over[0] ?? null;
  return Object.freeze({
    name: 'failures-per-hour',
    fired: firstHour !== null,
    firstFiredAt: firstHour ? new Date(Date.parse(firstHour.hourStart) + HOUR_MS).toISOString() : null,
    limit,
    worstHour,
    hoursOver: over.length,
    firstHour,
  });
}

function evaluateInactivityAlert(tally: TallySnapshot, hours: number, observedUntil?: string): AlertResult {
  const limitMs = hours * HOUR_MS;
  const periods = [...tally.quietPeriods];
  const last = tally.overall.lastActivityAt;
  if (observedUntil !== undefined && last !== null) {
    const untilMs = Date.parse(observedUntil);
    const lastMs = Date.parse(last);
    if (Number.isFinite(untilMs) && untilMs > lastMs) periods.push({ from: last, to: observedUntil, durationMs: untilMs - lastMs });
  }
  const silent = periods.filter((period) => period.durationMs >= limitMs);
  const firstSilence = silent[0] ?? null;
  return Object.freeze({
    name: 'inactivity',
    fired: firstSilence !== null,
    firstFiredAt: firstSilence ? new Date(Date.parse(firstSilence.from) + limitMs).toISOString() : null,
    limitHours: hours,
    silences: silent.length,
    firstSilence,
  });
}
