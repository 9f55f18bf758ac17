/**
 * Virtual time for cycles, escrows and quarantine. Entra runs a cycle about every 40 minutes
 * and, while quarantined, less and less often down to once a day (docs/entra-behaviour.md#while-quarantined, docs/entra-behaviour.md#cycle-timing); escrow retries stretch over 28 days
 * (docs/entra-behaviour.md#escrow-retries). Simulating that in real time is impossible, so the engine reads time from
 * here and 50 cycles cover days of virtual time in milliseconds.
 */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export interface VirtualClockOptions {
  /** The first cycle's start; default: the real time at construction. */
  readonly start?: Date;
  /** Default 40 minutes (docs/entra-behaviour.md#cycle-timing). */
  readonly cycleIntervalMs?: number;
  /**
   * Default 24 hours: the fallback for a quarantined job when the caller does not give the
   * current step of the quarantine ladder (docs/entra-behaviour.md#while-quarantined).
   */
  readonly quarantinedCycleIntervalMs?: number;
  /** Virtual time between two log entries of a cycle; default 1 ms (ISO timestamps carry milliseconds). */
  readonly activityStepMs?: number;
}

export class VirtualClock {
  readonly cycleIntervalMs: number;
  readonly quarantinedCycleIntervalMs: number;
  private readonly activityStepMs: number;
  private currentMs: number;
  private cycleStartMs: number;

  constructor(options: VirtualClockOptions = {}) {
    const start = (options.start ?? new Date()).getTime();
    if (!Number.isFinite(start)) throw new RangeError('VirtualClock start is not a valid date');
    this.cycleIntervalMs = requirePositive('cycleIntervalMs', options.cycleIntervalMs ?? 40 * MINUTE_MS);
    this.quarantinedCycleIntervalMs = requirePositive('quarantinedCycleIntervalMs', options.quarantinedCycleIntervalMs ?? 24 * HOUR_MS);
    this.activityStepMs = requirePositive('activityStepMs', options.activityStepMs ?? 1);
    if (!Number.isInteger(this.activityStepMs)) {
      throw new RangeError(`activityStepMs must be whole milliseconds so ISO timestamps stay distinct, got ${this.activityStepMs}`);
    }
    this.currentMs = start;
    this.cycleStartMs = start;
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  /** When the current cycle started. */
  cycleStartedAt(): Date {
    return new Date(this.cycleStartMs);
  }

  /** Moves virtual time forward, e.g. by the duration of a slow response. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`virtual time only moves forward, got advance(${String(ms)})`);
    this.currentMs += ms;
    return this.now();
  }

  /**
   * Starts the next cycle one interval after the current one ended (the last activity), so an
   * operation retried "in the next cycle" is at least one interval past its failure
   * [INF: D-HOW says cycles run back-to-back, "approximately every 40 minutes"]. A quarantined
   * job's interval grows step by step (docs/entra-behaviour.md#while-quarantined): the job passes
   * the current step as `quarantinedIntervalMs`.
   */
  advanceToNextCycle(quarantined: boolean, quarantinedIntervalMs?: number): Date {
    const interval = quarantined
      ? requirePositive('quarantinedIntervalMs', quarantinedIntervalMs ?? this.quarantinedCycleIntervalMs)
      : this.cycleIntervalMs;
    this.currentMs += interval;
    this.cycleStartMs = this.currentMs;
    return this.now();
  }

  /** A timestamp for the next log entry: strictly later than every earlier one, so entries sort deterministically. */
  activityTime(): Date {
    this.currentMs += this.activityStepMs;
    return this.now();
  }
}

function requirePositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}
