import { ESCROW_RETENTION_MS, hasExpired, isDue, nextAttemptAfter } from '../../../harness/engine/escrow-schedule';
import { VirtualClock } from '../../../harness/engine/virtual-clock';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const CYCLE_MS = 40 * MINUTE_MS;
const FIRST_FAILURE = new Date(Date.UTC(2026, 2, 24, 7, 17, 42));

describe('nextAttemptAfter — the whole schedule (docs/entra-behaviour.md#escrow-retries)', () => {
  const table: [retriesDone: number, offsetMs: number | null][] = [
    [0, CYCLE_MS], // first failure, "retried 0 times": next cycle
    [1, 6 * HOUR_MS],
    [2, 12 * HOUR_MS],
    [3, 24 * HOUR_MS],
    ...Array.from({ length: 27 }, (_, i): [number, number] => [4 + i, (2 + i) * DAY_MS]), // days 2 … 28
    [31, null], // past 28 days: the escrow is dropped
    [40, null],
  ];

  it.each(table)('after %i retries the next attempt is %p ms after the first failure', (retriesDone, offsetMs) => {
    const next = nextAttemptAfter(FIRST_FAILURE, retriesDone, CYCLE_MS);
    if (offsetMs === null) expect(next).toBeNull();
    else expect(next?.getTime()).toBe(FIRST_FAILURE.getTime() + offsetMs);
  });

  it('ends exactly 28 days after the first failure', () => {
    expect(nextAttemptAfter(FIRST_FAILURE, 30, CYCLE_MS)?.getTime()).toBe(FIRST_FAILURE.getTime() + ESCROW_RETENTION_MS);
    expect(ESCROW_RETENTION_MS).toBe(28 * DAY_MS);
  });

  it('uses the cycle interval it is given for the first retry', () => {
    expect(nextAttemptAfter(FIRST_FAILURE, 0, 20 * MINUTE_MS)?.getTime()).toBe(FIRST_FAILURE.getTime() + 20 * MINUTE_MS);
  });

  it.each([
    [-1, CYCLE_MS, 'retriesDone must be a whole number >= 0, got -1'],
    [1.5, CYCLE_MS, 'retriesDone must be a whole number >= 0, got 1.5'],
    [0, 0, 'cycleIntervalMs must be a positive number of milliseconds, got 0'],
  ])('rejects retriesDone %p with interval %p', (retriesDone, interval, message) => {
    expect(() => nextAttemptAfter(FIRST_FAILURE, retriesDone, interval)).toThrow(message);
  });
});

describe('isDue and hasExpired', () => {
  it('is due from the next attempt time on, never without one', () => {
    const next = new Date(FIRST_FAILURE.getTime() + CYCLE_MS);
    expect(isDue({ nextAttemptAt: next }, new Date(next.getTime() - 1))).toBe(false);
    expect(isDue({ nextAttemptAt: next }, next)).toBe(true);
    expect(isDue({ nextAttemptAt: next.toISOString() }, new Date(next.getTime() + 1))).toBe(true);
    expect(isDue({ nextAttemptAt: null }, new Date(8.64e15))).toBe(false);
  });

  it('expires strictly after 28 days', () => {
    const escrow = { firstFailureAt: FIRST_FAILURE.toISOString() };
    expect(hasExpired(escrow, new Date(FIRST_FAILURE.getTime() + ESCROW_RETENTION_MS))).toBe(false);
    expect(hasExpired(escrow, new Date(FIRST_FAILURE.getTime() + ESCROW_RETENTION_MS + 1))).toBe(true);
  });
});

describe('an always-failing escrow over 28 days of virtual time', () => {
  /** What the engine does with an escrow that keeps failing: retry when due, drop when the schedule ends or 28 days passed. */
  function simulate(quarantined: boolean): { attempts: Date[]; droppedAt: Date | null } {
    const clock = new VirtualClock({ start: FIRST_FAILURE });
    const firstFailureAt = clock.activityTime();
    let retriesDone = 0;
    let next = nextAttemptAfter(firstFailureAt, retriesDone, clock.cycleIntervalMs);
    const attempts: Date[] = [];
    let droppedAt: Date | null = null;
    for (let cycle = 1; cycle <= 2000 && droppedAt === null; cycle += 1) {
      clock.advanceToNextCycle(quarantined);
      if (next !== null && isDue({ nextAttemptAt: next }, clock.now())) {
        const attemptAt = clock.activityTime();
        attempts.push(attemptAt);
        retriesDone += 1;
        next = nextAttemptAfter(firstFailureAt, retriesDone, clock.cycleIntervalMs);
        if (next === null || hasExpired({ firstFailureAt }, attemptAt)) droppedAt = attemptAt;
      }
    }
    return { attempts, droppedAt };
  }

  it('is retried in the next cycle, then at 6 h, 12 h, 24 h, then daily, and dropped at day 28', () => {
    const { attempts, droppedAt } = simulate(false);
    const hoursAfterFailure = attempts.map((time) => (time.getTime() - FIRST_FAILURE.getTime()) / HOUR_MS);
    expect(attempts).toHaveLength(31);
    // The next cycle starts 40 minutes after the previous one ended.
    expect(hoursAfterFailure[0]).toBeGreaterThanOrEqual(40 / 60);
    expect(hoursAfterFailure[0]).toBeLessThan(41 / 60);
    const expectedHours = [6, 12, 24, ...Array.from({ length: 27 }, (_, i) => (i + 2) * 24)];
    expectedHours.forEach((hours, i) => {
      // Due at the first cycle that starts at or after the scheduled time: at most one interval late.
      expect(hoursAfterFailure[i + 1]).toBeGreaterThanOrEqual(hours);
      expect(hoursAfterFailure[i + 1]).toBeLessThan(hours + 40 / 60 + 0.01);
    });
    expect(droppedAt).toBe(attempts[30]);
    expect(droppedAt!.getTime() - FIRST_FAILURE.getTime()).toBeGreaterThanOrEqual(ESCROW_RETENTION_MS);
  });

  it('is retried once a day while the job runs daily in quarantine, and dropped at day 28', () => {
    const { attempts, droppedAt } = simulate(true);
    const daysAfterFailure = attempts.map((time) => (time.getTime() - FIRST_FAILURE.getTime()) / DAY_MS);
    // Daily cycles: every retry is overdue, so each daily cycle retries once.
    expect(attempts).toHaveLength(28);
    daysAfterFailure.forEach((days, i) => {
      expect(days).toBeGreaterThanOrEqual(i + 1);
      expect(days).toBeLessThan(i + 1 + 1 / 24);
    });
    expect(droppedAt).toBe(attempts[27]);
  });
});
