/**
 * Running counters over provisioning log entries. Runs reach 100,000 entries, so nothing here
 * keeps entries: memory grows with the number of cycles, operation types, error codes and
 * virtual hours, never with the number of entries. The one tally of a run's entries: the verdict,
 * the projection, the alerts, the job status and the `logs --summary` tables all read it.
 */
import { deepFreeze } from '../freeze';
import { type LogEntry } from '../contract/log-entry';

/** What the escrow thresholds read (the evaluator's EscrowCounts). */
export interface EscrowTally {
  readonly failures: number;
  readonly referenceFailures: number;
  readonly successes: number;
}

/** Operations whose failures Entra counts as reference failures (docs/entra-behaviour.md#quarantine-triggers: "a manager or a group member"). */
export const REFERENCE_OPERATIONS: readonly string[] = Object.freeze(['manager', 'membership']);

/** The provisioning step Entra logs when it retries an escrowed operation (docs/entra-behaviour.md#provisioning-steps). */
export const ESCROW_RETRY_STEP = 'EntryEscrowRetry';

/**
 * Silences shorter than this are not remembered. Cycles run every 40 minutes (docs/entra-behaviour.md#cycle-timing),
 * so a shorter silence is just the gap between two healthy cycles; keeping only longer ones
 * bounds memory by the number of cycles.
 */
export const QUIET_PERIOD_MINIMUM_MS = 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface OperationCounts {
  readonly attempts: number;
  readonly successes: number;
  readonly failures: number;
  readonly referenceFailures: number;
  readonly skipped: number;
  /** Attempts that were escrow retries (step EntryEscrowRetry), and how those ended. */
  readonly retries: number;
  readonly retrySuccesses: number;
  readonly retryFailures: number;
  /**
   * Successes only because a workaround changed Entra's request (docs/diagnosis.md#probing):
   * Entra's own request fails there, so projections count them as failures. Absent: none.
   */
  readonly workedAround?: number;
}

export interface OutcomeCounts {
  readonly entries: number;
  readonly successes: number;
  readonly failures: number;
  readonly warnings: number;
  readonly skipped: number;
  readonly referenceFailures: number;
  readonly nonReferenceFailures: number;
  /** Entries held by the accidental-deletion threshold (action stagedDelete, docs/entra-behaviour.md#accidental-deletions). */
  readonly stagedDeletes: number;
  readonly byAction: Readonly<Record<string, number>>;
  /** Entries by action, then by status: the portal's actions chart. */
  readonly byActionAndStatus: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Entries that carry an error code, by code. */
  readonly byErrorCode: Readonly<Record<string, number>>;
  /** Of those, the ones whose status is failure (an error code may come with a warning or a skip). */
  readonly failuresByErrorCode: Readonly<Record<string, number>>;
  readonly byOperation: Readonly<Record<string, OperationCounts>>;
  /**
   * What the escrow thresholds read: non-reference failures, reference failures and the
   * successes of non-reference operations. A manager or membership write belongs to an object
   * already counted, and the doc's examples count objects ("30,000 users failed … 5,000 were
   * successful"), so reference successes stay out of the denominator [INF].
   */
  readonly escrow: EscrowTally;
  /** Entries whose source object is a user / a group (one per object per cycle). */
  readonly usersProcessed: number;
  readonly groupsProcessed: number;
  readonly firstActivityAt: string | null;
  readonly lastActivityAt: string | null;
}

export interface CycleTally extends OutcomeCounts {
  readonly cycleNumber: number;
  readonly kind: 'initial' | 'incremental' | 'onDemand';
  /** cycleId of the first entry seen for this cycle. */
  readonly cycleId: string;
}

/** One clock hour of virtual time (UTC), as a Log Analytics `bin(TimeGenerated, 1h)` sees it. */
export interface HourBucket {
  readonly hourStart: string;
  readonly entries: number;
  readonly failures: number;
}

/** A stretch of virtual time with no entry, at least QUIET_PERIOD_MINIMUM_MS long. */
export interface QuietPeriod {
  readonly from: string;
  readonly to: string;
  readonly durationMs: number;
}

/** One day of virtual time (UTC): its entries by provisioningAction. */
export interface DayBucket {
  /** "2026-03-24". */
  readonly day: string;
  readonly byAction: Readonly<Record<string, number>>;
}

export interface TallySnapshot {
  readonly overall: OutcomeCounts;
  /** Sorted by cycle number, then kind. */
  readonly cycles: readonly CycleTally[];
  /** Hours that had at least one entry, in time order. */
  readonly hours: readonly HourBucket[];
  /** Days that had at least one entry, in time order. */
  readonly days: readonly DayBucket[];
  readonly quietPeriods: readonly QuietPeriod[];
}

interface MutableOperationCounts {
  attempts: number;
  successes: number;
  failures: number;
  referenceFailures: number;
  skipped: number;
  retries: number;
  retrySuccesses: number;
  retryFailures: number;
  workedAround: number;
}

class Counters {
  entries = 0;
  successes = 0;
  failures = 0;
  warnings = 0;
  skipped = 0;
  referenceFailures = 0;
  stagedDeletes = 0;
  objectSuccesses = 0;
  usersProcessed = 0;
  groupsProcessed = 0;
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  readonly byAction = new Map<string, number>();
  readonly byActionAndStatus = new Map<string, Map<string, number>>();
  readonly byErrorCode = new Map<string, number>();
  readonly failuresByErrorCode = new Map<string, number>();
  readonly byOperation = new Map<string, MutableOperationCounts>();

  add(entry: LogEntry, timeMs: number, isRetry: boolean): void {
    this.entries += 1;
    const status = entry.provisioningStatusInfo.status;
    const operation = entry.harness.operation;
    const isReferenceOperation = REFERENCE_OPERATIONS.includes(operation);
    const counts = this.operation(operation);
    counts.attempts += 1;
    if (isRetry) counts.retries += 1;
    switch (status) {
      case 'success':
        this.successes += 1;
        counts.successes += 1;
        if (isRetry) counts.retrySuccesses += 1;
        if (entry.harness.exchanges.some((exchange) => exchange.workaround !== undefined)) counts.workedAround += 1;
        if (!isReferenceOperation) this.objectSuccesses += 1;
        break;
      case 'failure':
        this.failures += 1;
        counts.failures += 1;
        if (isRetry) counts.retryFailures += 1;
        if (entry.harness.isReferenceFailure) {
          this.referenceFailures += 1;
          counts.referenceFailures += 1;
        }
        break;
      case 'warning':
        this.warnings += 1;
        break;
      case 'skipped':
        this.skipped += 1;
        counts.skipped += 1;
        break;
    }
    increment(this.byAction, entry.provisioningAction);
    let statuses = this.byActionAndStatus.get(entry.provisioningAction);
    if (!statuses) this.byActionAndStatus.set(entry.provisioningAction, (statuses = new Map()));
    increment(statuses, status);
    if (entry.provisioningAction === 'stagedDelete') this.stagedDeletes += 1;
    const errorCode = entry.provisioningStatusInfo.errorInformation?.errorCode;
    if (errorCode) {
      increment(this.byErrorCode, errorCode);
      if (status === 'failure') increment(this.failuresByErrorCode, errorCode);
    }
    // An object is processed once per cycle; its manager or membership write is a second entry
    // for the same object, not another object.
    if (!isReferenceOperation) {
      if (entry.sourceIdentity.identityType === 'User') this.usersProcessed += 1;
      else if (entry.sourceIdentity.identityType === 'Group') this.groupsProcessed += 1;
    }
    if (Number.isFinite(timeMs)) {
      this.firstMs = Math.min(this.firstMs, timeMs);
      this.lastMs = Math.max(this.lastMs, timeMs);
    }
  }

  snapshot(): OutcomeCounts {
    const byOperation: Record<string, OperationCounts> = {};
    for (const [name, counts] of sortedEntries(this.byOperation)) byOperation[name] = { ...counts };
    const nonReferenceFailures = this.failures - this.referenceFailures;
    return {
      entries: this.entries,
      successes: this.successes,
      failures: this.failures,
      warnings: this.warnings,
      skipped: this.skipped,
      referenceFailures: this.referenceFailures,
      nonReferenceFailures,
      stagedDeletes: this.stagedDeletes,
      byAction: Object.fromEntries(sortedEntries(this.byAction)),
      byActionAndStatus: Object.fromEntries(sortedEntries(this.byActionAndStatus).map(([action, statuses]) => [action, Object.fromEntries(sortedEntries(statuses))])),
      byErrorCode: Object.fromEntries(sortedEntries(this.byErrorCode)),
      failuresByErrorCode: Object.fromEntries(sortedEntries(this.failuresByErrorCode)),
      byOperation,
      escrow: {
        failures: nonReferenceFailures,
        referenceFailures: this.referenceFailures,
        successes: this.objectSuccesses,
      },
      usersProcessed: this.usersProcessed,
      groupsProcessed: this.groupsProcessed,
      firstActivityAt: Number.isFinite(this.firstMs) ? new Date(this.firstMs).toISOString() : null,
      lastActivityAt: Number.isFinite(this.lastMs) ? new Date(this.lastMs).toISOString() : null,
    };
  }

  private operation(name: string): MutableOperationCounts {
    let counts = this.byOperation.get(name);
    if (!counts) {
      counts = { attempts: 0, successes: 0, failures: 0, referenceFailures: 0, skipped: 0, retries: 0, retrySuccesses: 0, retryFailures: 0, workedAround: 0 };
      this.byOperation.set(name, counts);
    }
    return counts;
  }
}

interface CycleCounters {
  readonly cycleNumber: number;
  readonly kind: CycleTally['kind'];
  readonly cycleId: string;
  readonly counters: Counters;
}

export class EntryTally {
  private readonly overall = new Counters();
  private readonly cycles = new Map<string, CycleCounters>();
  private readonly hours = new Map<number, { entries: number; failures: number }>();
  /** Day number since the epoch → entries by action. */
  private readonly days = new Map<number, Map<string, number>>();
  private readonly quietPeriods: QuietPeriod[] = [];
  private latestMs = Number.NEGATIVE_INFINITY;

  add(entry: LogEntry): void {
    const timeMs = Date.parse(entry.activityDateTime);
    const isRetry = entry.provisioningSteps.some((step) => step.name === ESCROW_RETRY_STEP);
    this.overall.add(entry, timeMs, isRetry);
    this.cycle(entry).counters.add(entry, timeMs, isRetry);
    if (Number.isFinite(timeMs)) this.addTime(timeMs, entry.provisioningStatusInfo.status === 'failure', entry.provisioningAction);
  }

  snapshot(): TallySnapshot {
    const cycles = [...this.cycles.values()]
      .sort((a, b) => a.cycleNumber - b.cycleNumber || a.kind.localeCompare(b.kind))
      .map((cycle) => ({
        cycleNumber: cycle.cycleNumber,
        kind: cycle.kind,
        cycleId: cycle.cycleId,
        ...cycle.counters.snapshot(),
      }));
    const hours = [...this.hours.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hour, counts]) => ({ hourStart: new Date(hour * HOUR_MS).toISOString(), ...counts }));
    return deepFreeze({
      overall: this.overall.snapshot(),
      cycles,
      hours,
      days: [...this.days.entries()]
        .sort(([a], [b]) => a - b)
        .map(([day, byAction]) => ({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), byAction: Object.fromEntries(sortedEntries(byAction)) })),
      quietPeriods: this.quietPeriods.map((period) => ({ ...period })),
    });
  }

  private cycle(entry: LogEntry): CycleCounters {
    const { cycleNumber, cycleKind } = entry.harness;
    const key = `${cycleNumber}|${cycleKind}`;
    let cycle = this.cycles.get(key);
    if (!cycle) {
      cycle = { cycleNumber, kind: cycleKind, cycleId: entry.cycleId, counters: new Counters() };
      this.cycles.set(key, cycle);
    }
    return cycle;
  }

  private addTime(timeMs: number, failed: boolean, action: string): void {
    const day = Math.floor(timeMs / DAY_MS);
    let actions = this.days.get(day);
    if (!actions) this.days.set(day, (actions = new Map()));
    increment(actions, action);
    const hour = Math.floor(timeMs / HOUR_MS);
    const bucket = this.hours.get(hour) ?? { entries: 0, failures: 0 };
    bucket.entries += 1;
    if (failed) bucket.failures += 1;
    this.hours.set(hour, bucket);
    // The engine appends entries in activity order (virtual clock), so a silence is the gap
    // to the latest entry seen; an entry older than that falls inside time already covered.
    if (Number.isFinite(this.latestMs) && timeMs - this.latestMs >= QUIET_PERIOD_MINIMUM_MS) {
      this.quietPeriods.push({
        from: new Date(this.latestMs).toISOString(),
        to: new Date(timeMs).toISOString(),
        durationMs: timeMs - this.latestMs,
      });
    }
    this.latestMs = Math.max(this.latestMs, timeMs);
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedEntries<T>(map: Map<string, T>): [string, T][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
