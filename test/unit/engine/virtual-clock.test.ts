import { VirtualClock } from '../../../harness/engine/virtual-clock';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const START = new Date(Date.UTC(2026, 0, 1, 8, 0, 0));

describe('VirtualClock', () => {
  it('starts at the given instant', () => {
    const clock = new VirtualClock({ start: START });
    expect(clock.now().toISOString()).toBe(START.toISOString());
    expect(clock.cycleStartedAt().toISOString()).toBe(START.toISOString());
  });

  it('starts at the real time of construction by default', () => {
    const before = Date.now();
    const clock = new VirtualClock();
    const after = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(clock.now().getTime()).toBeLessThanOrEqual(after);
  });

  it('runs cycles 40 minutes apart', () => {
    const clock = new VirtualClock({ start: START });
    const starts = [1, 2, 3].map(() => clock.advanceToNextCycle(false).getTime());
    expect(starts).toEqual([1, 2, 3].map((n) => START.getTime() + n * 40 * MINUTE_MS));
    expect(clock.cycleStartedAt().getTime()).toBe(starts[2]);
  });

  it('runs cycles once a day while quarantined, so 50 cycles cover 50 days', () => {
    const clock = new VirtualClock({ start: START });
    for (let i = 0; i < 50; i += 1) clock.advanceToNextCycle(true);
    expect(clock.now().getTime() - START.getTime()).toBe(50 * DAY_MS);
  });

  it('runs a quarantined cycle after the ladder step it is given, and refuses a step that is not positive', () => {
    const clock = new VirtualClock({ start: START });
    const steps = [2, 6, 12, 24].map((hours) => hours * 60 * MINUTE_MS);
    const starts = steps.map((step) => clock.advanceToNextCycle(true, step).getTime() - START.getTime());
    expect(starts).toEqual([2, 8, 20, 44].map((hours) => hours * 60 * MINUTE_MS));
    expect(() => clock.advanceToNextCycle(true, 0)).toThrow('quarantinedIntervalMs must be a positive number of milliseconds, got 0');
    // A healthy cycle ignores the quarantine step.
    expect(clock.advanceToNextCycle(false, 24 * 60 * MINUTE_MS).getTime() - START.getTime()).toBe(44 * 60 * MINUTE_MS + 40 * MINUTE_MS);
  });

  it('gives strictly increasing activity times within and across cycles', () => {
    const clock = new VirtualClock({ start: START });
    const times: number[] = [];
    for (let cycle = 0; cycle < 3; cycle += 1) {
      for (let i = 0; i < 1000; i += 1) times.push(clock.activityTime().getTime());
      clock.advanceToNextCycle(false);
    }
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(new Set(times.map((time) => new Date(time).toISOString())).size).toBe(times.length);
    expect(times[0]).toBe(START.getTime() + 1);
  });

  it('starts the next cycle one interval after the last activity of the current one', () => {
    const clock = new VirtualClock({ start: START });
    let last = START;
    for (let i = 0; i < 500; i += 1) last = clock.activityTime();
    const next = clock.advanceToNextCycle(false);
    expect(next.getTime()).toBe(last.getTime() + 40 * MINUTE_MS);
  });

  it('advances by a given amount and refuses to go back', () => {
    const clock = new VirtualClock({ start: START });
    expect(clock.advance(1500).getTime()).toBe(START.getTime() + 1500);
    expect(clock.activityTime().getTime()).toBe(START.getTime() + 1501);
    expect(() => clock.advance(-1)).toThrow('virtual time only moves forward, got advance(-1)');
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it('takes custom intervals and validates them', () => {
    const clock = new VirtualClock({ start: START, cycleIntervalMs: 20 * MINUTE_MS, activityStepMs: 5 });
    expect(clock.activityTime().getTime()).toBe(START.getTime() + 5);
    expect(clock.advanceToNextCycle(false).getTime()).toBe(START.getTime() + 5 + 20 * MINUTE_MS);
    expect(() => new VirtualClock({ cycleIntervalMs: 0 })).toThrow('cycleIntervalMs must be a positive number of milliseconds, got 0');
    expect(() => new VirtualClock({ activityStepMs: 0.5 })).toThrow('activityStepMs must be whole milliseconds');
    expect(() => new VirtualClock({ start: new Date('nope') })).toThrow('VirtualClock start is not a valid date');
  });
});
